import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../../src-main/config/load-config.js';
import { buildRouteTable } from '../../../../src-main/routing/route-table.js';
import { adminTokenAccount, clientKeyAccount, providerKeyAccount } from '../../../../src-main/store/secrets/secret-accounts.js';

describe('secret accounts', () => {
  it('names accounts as paths the stores already hold', () => {
    expect(providerKeyAccount('openai-main', 'oa-1')).toBe('provider/openai-main/oa-1');
    expect(clientKeyAccount('my-editor')).toBe('client/my-editor');
    expect(adminTokenAccount).toBe('admin-token');
  });

  it('are the names the loader files secrets under and the route table reads them by', () => {
    const text = JSON.stringify({
      clients: [{ name: 'editor', key: 'local-key' }],
      providers: [{ id: 'openai-main', type: 'openai', baseUrl: 'https://api.openai.com/v1', keys: [{ id: 'oa-1', secret: 'sk-upstream' }] }],
    });
    const result = parseConfigText(text, {}, 'config.json');
    if (!result.ok) throw new Error(result.error);
    const { config, secrets } = result.configuration;
    expect(secrets.get(clientKeyAccount('editor'))).toBe('local-key');
    expect(secrets.get(providerKeyAccount('openai-main', 'oa-1'))).toBe('sk-upstream');
    expect(buildRouteTable(config, secrets).secretFor('openai-main', 'oa-1')).toBe('sk-upstream');
  });
});
