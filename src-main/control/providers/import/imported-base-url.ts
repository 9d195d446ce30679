import type { ProviderType } from '../../../../src-shared/provider-type.js';
import { vendorPresets, type VendorPreset } from '../../../../src-shared/vendor-presets.js';

/**
 * Other apps store a provider's address in whatever form their own client wanted: claude-code-router
 * the full endpoint (`https://api.deepseek.com/chat/completions`, Gemini's `…/v1beta/models/`), cc-switch
 * the base Claude Code or Codex appends to. Switchyard's adapters append the endpoint themselves, so
 * the endpoint path, query and trailing slash go; what is left is the base URL.
 */
const endpointSuffixes = [
  /\/chat\/completions$/,
  /\/completions$/,
  /\/responses$/,
  /\/embeddings$/,
  /\/v1\/messages$/,
  /\/messages$/,
  // Gemini: `…/v1beta/models/` or `…/models/gemini-2.5-pro:generateContent`.
  /\/models(\/.*)?$/,
];

const maximumUrlLength = 2048;

/** `https://host/path` without endpoint, query or trailing slash; undefined when it is no http(s) URL. */
export function normalizeBaseUrl(raw: string): string | undefined {
  const text = raw.trim();
  // Longer than any base URL; also keeps the suffix patterns below from scanning pasted megabytes.
  if (text.length > maximumUrlLength || !URL.canParse(text)) return undefined;
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  // A key in a URL (Gemini's `?key=`) must not travel into the configuration file.
  url.search = '';
  url.hash = '';
  url.username = '';
  url.password = '';
  let path = url.pathname.replace(/\/+$/, '');
  for (const suffix of endpointSuffixes) path = path.replace(suffix, '');
  return `${url.origin}${path.replace(/\/+$/, '')}`;
}

/** OpenAI and the OpenAI-compatible vendors take the same requests; a preset of either fits either. */
function sameFamily(presetType: ProviderType, type: ProviderType | undefined): boolean {
  if (type === undefined || presetType === type) return true;
  const openAiFamily: ProviderType[] = ['openai', 'openai-compatible'];
  return openAiFamily.includes(presetType) && openAiFamily.includes(type);
}

/**
 * The vendor preset a base URL belongs to: the same host, and a path that is the preset's own or
 * empty or an API version (DeepSeek answers at both `api.deepseek.com` and `api.deepseek.com/v1`). A path
 * elsewhere on the host (`api.deepseek.com/anthropic`, DeepSeek's Anthropic-style API) is not the
 * preset, and neither is a preset of another API family than the one the importer already knows.
 */
export function presetForBaseUrl(baseUrl: string, type?: ProviderType): VendorPreset | undefined {
  if (!URL.canParse(baseUrl)) return undefined;
  const url = new URL(baseUrl);
  const path = url.pathname.replace(/\/+$/, '');
  return vendorPresets.find((preset) => {
    if (preset.baseUrlPlaceholder !== undefined || !sameFamily(preset.type, type)) return false;
    const presetUrl = new URL(preset.baseUrl);
    if (presetUrl.host !== url.host) return false;
    const presetPath = presetUrl.pathname.replace(/\/+$/, '');
    return path === presetPath || path === '' || /^\/v\d+(alpha|beta)?$/.test(path);
  });
}

/**
 * The vendor whose keys start this way, when the prefix says more than "sk-", which half the
 * OpenAI-compatible vendors share: `sk-ant-` is Anthropic's, `AIza` Google's, `gsk_` Groq's.
 */
export function presetForKey(secret: string): VendorPreset | undefined {
  let best: VendorPreset | undefined;
  for (const preset of vendorPresets) {
    const prefix = preset.keyPrefix;
    if (prefix === undefined || prefix === 'sk-' || !secret.startsWith(prefix)) continue;
    if (best?.keyPrefix === undefined || prefix.length > best.keyPrefix.length) best = preset;
  }
  return best;
}
