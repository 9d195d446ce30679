/**
 * Provider ids made from the names other apps give (`DeepSeek Official` → `deepseek-official`), since
 * an id may hold only letters, digits, `.`, `_` and `-` (src-shared/config-schema.ts). A name with
 * none of those (`智谱`) falls back to the preset's id or the host's name.
 */
export function identifierFromName(name: string, fallbacks: ReadonlyArray<string | undefined>): string {
  for (const candidate of [name, ...fallbacks]) {
    if (candidate === undefined) continue;
    const identifier = candidate
      .slice(0, 200)
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[-._]+|[-._]+$/g, '')
      .slice(0, 60)
      .replace(/[-._]+$/g, '');
    if (identifier !== '') return identifier;
  }
  return 'provider';
}

/** `open.bigmodel.cn` → `bigmodel`: the part of a host that names the vendor. */
export function hostName(baseUrl: string): string | undefined {
  if (!URL.canParse(baseUrl)) return undefined;
  const labels = new URL(baseUrl).hostname.split('.');
  return labels.length >= 2 ? labels[labels.length - 2] : labels[0];
}

/** `id`, or `id-2`, `id-3`… when it is taken; the taken set gains the answer. */
export function uniqueIdentifier(identifier: string, taken: Set<string>): string {
  let candidate = identifier;
  for (let suffix = 2; taken.has(candidate); suffix += 1) candidate = `${identifier}-${suffix}`;
  taken.add(candidate);
  return candidate;
}
