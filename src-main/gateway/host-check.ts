import { isIP } from 'node:net';

/**
 * DNS rebinding defence: a web page can make the browser resolve its own name to
 * 127.0.0.1, but it cannot change the Host header its requests carry. Only loopback names and
 * addresses, and the host Switchyard was told to listen on, are let in.
 */
export function createHostCheck(configuredHost: string): (hostHeader: string | undefined) => boolean {
  const extra = hostName(configuredHost).toLowerCase();
  const allowed = (hostHeader: string): boolean => {
    const name = hostName(hostHeader).toLowerCase();
    if (name === 'localhost' || name.endsWith('.localhost')) return true;
    if (isLoopbackAddress(name)) return true;
    return name === extra && extra !== '0.0.0.0' && extra !== '::';
  };
  // Every request asks, and clients send one or two Host values: the answers are kept, up to a bound
  // that a stream of made-up hosts cannot grow past.
  const answers = new Map<string, boolean>();
  return (hostHeader) => {
    if (!hostHeader) return false;
    let answer = answers.get(hostHeader);
    if (answer === undefined) {
      answer = allowed(hostHeader);
      if (answers.size >= 64) answers.clear();
      answers.set(hostHeader, answer);
    }
    return answer;
  };
}

/** `127.0.0.1:4780` → `127.0.0.1`; `[::1]:4780` → `::1`. */
function hostName(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end === -1 ? host : host.slice(1, end);
  }
  const colon = host.indexOf(':');
  // More than one colon without brackets is a bare IPv6 address.
  if (colon !== -1 && host.indexOf(':', colon + 1) === -1) return host.slice(0, colon);
  return host;
}

function isLoopbackAddress(name: string): boolean {
  const version = isIP(name);
  if (version === 4) return name.startsWith('127.');
  if (version === 6) return name === '::1' || name === '0:0:0:0:0:0:0:1' || name.startsWith('::ffff:127.');
  return false;
}
