import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../../src-main/store/secrets/memory-secret-store.js';

describe('MemorySecretStore', () => {
  it('keeps secrets per account until deleted', async () => {
    const store = new MemorySecretStore([['admin-token', 'admin-secret']]);
    expect(store.backend).toBe('memory');
    expect(await store.get('admin-token')).toBe('admin-secret');
    expect(await store.get('client/my-editor')).toBeNull();

    await store.set('client/my-editor', 'sk-local-editor-1');
    await store.delete('admin-token');
    await store.delete('never-stored');
    expect(await store.get('client/my-editor')).toBe('sk-local-editor-1');
    expect(store.accounts()).toEqual(['client/my-editor']);
  });
});
