/** The parts of a provider's base URL the request path needs. */
export interface ParsedBaseUrl {
  origin: string;
  /** Without trailing slashes: `https://host/v1/` → `/v1`, `https://host` → ``. */
  path: string;
  hostname: string;
}

/** A config names a handful of base URLs; the bound only matters to a config that churns them. */
const parsed = new Map<string, ParsedBaseUrl | null>();

/**
 * `baseUrl` parsed once rather than on every request (upstream location, API version prefix, vendor
 * quirks by host each parsed it: about 2 µs apiece); null when it is not a URL.
 */
export function parseBaseUrl(baseUrl: string): ParsedBaseUrl | null {
  let parts = parsed.get(baseUrl);
  if (parts === undefined) {
    if (URL.canParse(baseUrl)) {
      const url = new URL(baseUrl);
      parts = { origin: url.origin, path: url.pathname.replace(/\/+$/, ''), hostname: url.hostname };
    } else {
      parts = null;
    }
    if (parsed.size >= 1_000) parsed.clear();
    parsed.set(baseUrl, parts);
  }
  return parts;
}
