/**
 * Ready-to-copy setups that point a client at Switchyard. They carry a placeholder, never a real
 * key: a key is shown once, when it is made on the Clients page, and the snippets send users there.
 */

export const clientKeyPlaceholder = '<your client key>';

export const snippetIds = ['openai-js', 'openai-python', 'anthropic-js', 'anthropic-python', 'claude-code', 'codex', 'gemini-cli', 'curl'] as const;
export type SnippetId = (typeof snippetIds)[number];

export interface ClientSnippet {
  id: SnippetId;
  /** The code block's language, for its label. */
  language: 'javascript' | 'python' | 'shell' | 'toml';
  code: string;
  /** The client cannot use Switchyard fully as it is today; the snippet's note, shown as a warning, says why. */
  caveat: boolean;
}

/** The gateway's origin without a trailing slash: the Anthropic door's base (the SDKs add /v1 themselves). */
function origin(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

export function clientSnippets(baseUrl: string): ClientSnippet[] {
  const root = origin(baseUrl);
  const openAiBase = `${root}/v1`;
  const key = clientKeyPlaceholder;
  return [
    {
      id: 'openai-js',
      language: 'javascript',
      caveat: false,
      code: `import OpenAI from 'openai';

const client = new OpenAI({ baseURL: '${openAiBase}', apiKey: '${key}' });
const answer = await client.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Hello' }],
});`,
    },
    {
      id: 'openai-python',
      language: 'python',
      caveat: false,
      code: `from openai import OpenAI

client = OpenAI(base_url="${openAiBase}", api_key="${key}")
answer = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": "Hello"}],
)`,
    },
    {
      id: 'anthropic-js',
      language: 'javascript',
      caveat: false,
      code: `import Anthropic from '@anthropic-ai/sdk';

// No /v1 here: the SDK adds it.
const client = new Anthropic({ baseURL: '${root}', apiKey: '${key}' });`,
    },
    {
      id: 'anthropic-python',
      language: 'python',
      caveat: false,
      code: `from anthropic import Anthropic

# No /v1 here: the SDK adds it.
client = Anthropic(base_url="${root}", api_key="${key}")`,
    },
    {
      id: 'claude-code',
      language: 'shell',
      caveat: false,
      code: `export ANTHROPIC_BASE_URL="${root}"
export ANTHROPIC_AUTH_TOKEN="${key}"
claude`,
    },
    {
      // Codex reads providers from ~/.codex/config.toml and the key from the variable env_key names.
      // Releases since February 2026 accept only wire_api = "responses", which the gateway does not
      // serve yet; the note says so.
      id: 'codex',
      language: 'toml',
      caveat: true,
      code: `# ~/.codex/config.toml
model = "gpt-4o"
model_provider = "switchyard"

[model_providers.switchyard]
name = "Switchyard"
base_url = "${openAiBase}"
env_key = "SWITCHYARD_API_KEY"
wire_api = "chat"

# then, in the shell: export SWITCHYARD_API_KEY="${key}"`,
    },
    {
      // Gemini CLI takes GOOGLE_GEMINI_BASE_URL but speaks only Gemini's own API (generateContent),
      // which the gateway does not serve yet; the note says so rather than offering a broken setup.
      id: 'gemini-cli',
      language: 'shell',
      caveat: true,
      code: `export GOOGLE_GEMINI_BASE_URL="${root}"
export GEMINI_API_KEY="${key}"
gemini`,
    },
    {
      id: 'curl',
      language: 'shell',
      caveat: false,
      code: `curl ${openAiBase}/chat/completions \\
  -H 'Authorization: Bearer ${key}' \\
  -H 'Content-Type: application/json' \\
  -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}'`,
    },
  ];
}
