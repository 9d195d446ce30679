import { describe, expect, it } from 'vitest';
import { ControlCallError } from '../../../src-shared/control/rpc.js';
import { Resource } from '../../../src-renderer/state/resource.svelte.js';

describe('Resource', () => {
  it('holds the data once the call answers, and is loading until then', async () => {
    const resource = new Resource(async () => 42);
    const loading = resource.load();
    expect(resource.loading).toBe(true);
    await loading;
    expect(resource.loading).toBe(false);
    expect(resource.data).toBe(42);
    expect(resource.error).toBeNull();
  });

  it('keeps the last data when a reload fails, with the error by its code', async () => {
    let fail = false;
    const resource = new Resource(async () => {
      if (fail) throw new ControlCallError({ code: 'network_error', message: 'gone' });
      return 'first';
    });
    await resource.load();
    fail = true;
    await resource.load();
    expect(resource.data).toBe('first');
    expect(resource.error?.code).toBe('network_error');
  });

  it('lets a newer answer win over an older one that arrives late', async () => {
    const resolvers: Array<(value: string) => void> = [];
    const resource = new Resource(() => new Promise<string>((resolve) => resolvers.push(resolve)));
    const older = resource.load();
    const newer = resource.load();
    resolvers[1]!('newer');
    await newer;
    resolvers[0]!('older');
    await older;
    expect(resource.data).toBe('newer');
  });

  it('turns an error without a code into internal_error', async () => {
    const resource = new Resource(async () => {
      throw new Error('plain');
    });
    await resource.load();
    expect(resource.error).toMatchObject({ code: 'internal_error', message: 'plain' });
  });
});
