import { describe, expect, it } from 'vitest';
import { setUpSettingsControl } from '../../../support/settings-control-setup.js';

const literalKey = 'sk-literal-0123456789abcdef';
const envKey = 'sk-from-env-fedcba9876543210';
const storedKey = 'sk-stored-abcdefabcdef0001';
const clientKey = 'sy-client-key-5555555555555';

/** A file as a user writes it: a literal key, an env: reference, a stored: one, a client, an alias. */
const configText = `${JSON.stringify(
  {
    modelAliases: { fast: 'gpt-4o-mini' },
    providers: [
      { id: 'openai', type: 'openai', baseUrl: 'https://api.openai.com/v1', keys: [{ id: 'k1', secret: literalKey }, { id: 'k2', secret: 'env:OPENAI_KEY' }] },
      { id: 'deepseek', type: 'openai-compatible', baseUrl: 'https://api.deepseek.com/v1', keys: [{ id: 'main', secret: 'stored:provider/deepseek/main' }] },
    ],
    clients: [{ name: 'editor', key: clientKey }],
  },
  null,
  2,
)}\n`;

function setUp() {
  const setup = setUpSettingsControl({ configText, env: { OPENAI_KEY: `${envKey}\n` } });
  setup.storedSecrets.set('provider/deepseek/main', storedKey);
  return setup;
}

const allKeys = [literalKey, envKey, storedKey, clientKey];

describe('exportConfiguration', () => {
  it('without keys: literal keys become stored: references and no key is in the file', async () => {
    const { client } = setUp();
    const file = await client.exportConfiguration({ includeSecrets: false });
    expect(file.fileName).toMatch(/^switchyard-config-\d{4}-\d{2}-\d{2}\.json$/);
    for (const key of allKeys) expect(file.content).not.toContain(key);
    const exported = JSON.parse(file.content);
    expect(exported.modelAliases).toEqual({ fast: 'gpt-4o-mini' });
    expect(exported.providers[0].keys).toEqual([
      { id: 'k1', secret: 'stored:provider/openai/k1' },
      { id: 'k2', secret: 'env:OPENAI_KEY' },
    ]);
    expect(exported.providers[1].keys[0].secret).toBe('stored:provider/deepseek/main');
    expect(exported.clients[0].key).toBe('stored:client/editor');
  });

  it('without keys, a file holding none is exported as written, byte for byte', async () => {
    const text = '{\n    "providers": []\n}\n';
    const { client } = setUpSettingsControl({ configText: text });
    expect((await client.exportConfiguration({ includeSecrets: false })).content).toBe(text);
  });

  it('with keys: every referenced key is in it encrypted, none in clear, and it imports back with the passphrase', async () => {
    const exporting = setUp();
    const file = await exporting.client.exportConfiguration({ includeSecrets: true, passphrase: 'correct horse battery' });
    for (const key of allKeys) expect(file.content).not.toContain(key);
    const envelope = JSON.parse(file.content);
    expect(envelope).toMatchObject({ format: 'switchyard-configuration-export', version: 1, secrets: { kdf: 'scrypt', cipher: 'aes-256-gcm' } });
    expect(envelope.configuration.providers[0].keys[1].secret).toBe('stored:provider/openai/k2');

    const importing = setUpSettingsControl({ configText: '{}' });
    expect(await importing.client.importConfiguration({ content: file.content, passphrase: 'correct horse battery' })).toEqual({ providers: 2, clients: 1 });
    const [written] = importing.document.replaced;
    expect(Object.fromEntries(written!.secrets)).toEqual({
      'provider/openai/k1': literalKey,
      'provider/openai/k2': envKey,
      'provider/deepseek/main': storedKey,
      'client/editor': clientKey,
    });
    // The written configuration holds references only; the keys travel beside it to the secret store.
    for (const key of allKeys) expect(JSON.stringify(written!.document)).not.toContain(key);
    expect(written!.document).toMatchObject({ modelAliases: { fast: 'gpt-4o-mini' }, clients: [{ name: 'editor', key: 'stored:client/editor' }] });
  });

  it('with keys and no passphrase is refused by its field', async () => {
    const { client } = setUp();
    await expect(client.exportConfiguration({ includeSecrets: true })).rejects.toMatchObject({ code: 'invalid_control_input', field: 'passphrase' });
    await expect(client.exportConfiguration({ includeSecrets: true, passphrase: 'short' })).rejects.toMatchObject({ code: 'invalid_control_input', field: 'passphrase' });
  });

  it('two exports with the same passphrase differ: a fresh salt and IV each time', async () => {
    const { client } = setUp();
    const first = JSON.parse((await client.exportConfiguration({ includeSecrets: true, passphrase: 'correct horse battery' })).content);
    const second = JSON.parse((await client.exportConfiguration({ includeSecrets: true, passphrase: 'correct horse battery' })).content);
    expect(first.secrets.salt).not.toBe(second.secrets.salt);
    expect(first.secrets.iv).not.toBe(second.secrets.iv);
    expect(first.secrets.data).not.toBe(second.secrets.data);
  });
});

describe('importConfiguration', () => {
  it('refuses a wrong or missing passphrase and writes nothing', async () => {
    const file = await setUp().client.exportConfiguration({ includeSecrets: true, passphrase: 'correct horse battery' });
    const { client, document } = setUpSettingsControl({ configText: '{}' });
    await expect(client.importConfiguration({ content: file.content, passphrase: 'wrong horse battery' })).rejects.toMatchObject({
      code: 'wrong_passphrase',
      field: 'passphrase',
    });
    await expect(client.importConfiguration({ content: file.content })).rejects.toMatchObject({ code: 'wrong_passphrase' });
    expect(document.replaced).toEqual([]);
    expect(document.text).toBe('{}');
  });

  it('refuses a file whose sealed part was changed', async () => {
    const file = await setUp().client.exportConfiguration({ includeSecrets: true, passphrase: 'correct horse battery' });
    const envelope = JSON.parse(file.content);
    const data = Buffer.from(envelope.secrets.data, 'base64');
    data[0] = data[0]! ^ 1;
    envelope.secrets.data = data.toString('base64');
    const { client, document } = setUpSettingsControl();
    await expect(client.importConfiguration({ content: JSON.stringify(envelope), passphrase: 'correct horse battery' })).rejects.toMatchObject({ code: 'wrong_passphrase' });
    expect(document.replaced).toEqual([]);
  });

  it('imports a plain configuration file, its literal keys handed to the secret store', async () => {
    const { client, document } = setUpSettingsControl();
    expect(await client.importConfiguration({ content: `\uFEFF${configText}` })).toEqual({ providers: 2, clients: 1 });
    const [written] = document.replaced;
    expect(Object.fromEntries(written!.secrets)).toEqual({ 'provider/openai/k1': literalKey, 'client/editor': clientKey });
    expect((written!.document as { providers: Array<{ keys: unknown[] }> }).providers[0]!.keys).toEqual([
      { id: 'k1', secret: 'stored:provider/openai/k1' },
      { id: 'k2', secret: 'env:OPENAI_KEY' },
    ]);
  });

  it('takes a key written into an export’s configuration by hand to the secret store as well', async () => {
    const file = await setUp().client.exportConfiguration({ includeSecrets: true, passphrase: 'correct horse battery' });
    const envelope = JSON.parse(file.content);
    envelope.configuration.clients[0].key = 'sy-typed-in-later-000000';
    const { client, document } = setUpSettingsControl();
    await client.importConfiguration({ content: JSON.stringify(envelope), passphrase: 'correct horse battery' });
    const [written] = document.replaced;
    expect(written!.secrets.get('client/editor')).toBe('sy-typed-in-later-000000');
    expect(JSON.stringify(written!.document)).not.toContain('sy-typed-in-later-000000');
  });

  it('refuses an invalid configuration by its field and text that is no JSON, writing nothing', async () => {
    const { client, document } = setUpSettingsControl();
    await expect(client.importConfiguration({ content: JSON.stringify({ providers: [{ id: 'x', type: 'nope', keys: [] }] }) })).rejects.toMatchObject({
      code: 'configuration_refused',
      field: 'providers[0].type',
    });
    const notJson = await client.importConfiguration({ content: `{ "secret": "${literalKey}"` }).catch((error: unknown) => error);
    expect(notJson).toMatchObject({ code: 'import_not_recognized' });
    expect((notJson as Error).message).not.toContain(literalKey);
    expect(document.replaced).toEqual([]);
  });
});
