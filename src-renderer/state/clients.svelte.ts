import type { ControlCallError } from '../../src-shared/control/rpc.js';
import type { ClientView } from '../../src-shared/control/usage-api.js';
import { api } from '../lib/api.js';
import { Resource, asControlError } from './resource.svelte.js';

/**
 * The local client keys. A new key is held here only while its dialog is open: the service keeps a
 * hash, so this is the one moment it can be shown, and closing the dialog forgets it.
 */
export const clientList = new Resource<ClientView[]>(() => api.listClients());

export const clientActions = $state({
  creating: false,
  createError: null as ControlCallError | null,
  /** The key just made, until its dialog closes. */
  created: null as { name: string; key: string } | null,
  revoking: null as string | null,
  revokeError: null as ControlCallError | null,
});

export async function createClient(name: string): Promise<boolean> {
  clientActions.creating = true;
  clientActions.createError = null;
  try {
    const { client, key } = await api.createClient({ name: name.trim() });
    clientActions.created = { name: client.name, key };
    await clientList.load();
    return true;
  } catch (error) {
    clientActions.createError = asControlError(error);
    return false;
  } finally {
    clientActions.creating = false;
  }
}

export function forgetCreatedKey(): void {
  clientActions.created = null;
}

export async function revokeClient(name: string): Promise<boolean> {
  clientActions.revoking = name;
  clientActions.revokeError = null;
  try {
    await api.revokeClient({ name });
    await clientList.load();
    return true;
  } catch (error) {
    clientActions.revokeError = asControlError(error);
    return false;
  } finally {
    clientActions.revoking = null;
  }
}
