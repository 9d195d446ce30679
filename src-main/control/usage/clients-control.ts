import type { ClientView, UsageApi } from '../../../src-shared/control/usage-api.js';
import { ContractError } from '../../conversion/contract-error.js';
import type { ClientRecord, ClientsRepository } from '../../store/clients-repository.js';
import type { ClientUsage, RequestLogRepository } from '../../store/request-log-repository.js';
import { secretHint } from '../../store/secrets/redact-secret.js';

export interface ClientsControlDependencies {
  clients: Pick<ClientsRepository, 'listClients' | 'upsertClient' | 'deleteGeneratedClient'>;
  requestLog: Pick<RequestLogRepository, 'clientUsage'>;
  /** A fresh client key and its hash, made as the service's first client key was. */
  newClientKey(): { key: string; keyHash: string };
  /** Reloads the gateway's in-memory client directory from the repository: a change works at once. */
  reloadClients(): void;
  flushed(): Promise<void>;
}

function clientView(record: ClientRecord, usage: ClientUsage | undefined): ClientView {
  return {
    name: record.name,
    hint: record.keyHint,
    source: record.source,
    createdAt: new Date(record.createdAt).toISOString(),
    requests: usage?.requests ?? 0,
    costUsd: usage?.costUsd ?? 0,
    lastUsedAt: usage?.lastUsedAt == null ? null : new Date(usage.lastUsedAt).toISOString(),
  };
}

/** The clients' keys: listed by hint with their usage, made in the window (shown once) and revoked. */
export function createClientsControl(dependencies: ClientsControlDependencies): Pick<UsageApi, 'listClients' | 'createClient' | 'revokeClient'> {
  const { clients, requestLog } = dependencies;
  const find = (name: string) => clients.listClients().find((client) => client.name === name);
  return {
    async listClients() {
      await dependencies.flushed().catch(() => {});
      const usage = new Map(requestLog.clientUsage().map((row) => [row.client, row]));
      return clients.listClients().map((record) => clientView(record, usage.get(record.name)));
    },
    async createClient({ name }) {
      if (find(name) !== undefined) {
        throw new ContractError('item_exists', `A client named "${name}" exists already. Choose another name, or revoke that one first.`, { field: 'name' });
      }
      const { key, keyHash } = dependencies.newClientKey();
      clients.upsertClient({ name, keyHash, keyHint: secretHint(key), source: 'generated' });
      dependencies.reloadClients();
      const created = find(name)!;
      return { client: clientView(created, undefined), key };
    },
    async revokeClient({ name }) {
      const client = find(name);
      if (client === undefined) {
        throw new ContractError('item_not_found', `No client named "${name}". Reload the list of clients.`, { field: 'name' });
      }
      if (client.source === 'config') {
        throw new ContractError(
          'managed_by_configuration',
          `The client "${name}" comes from the configuration file: remove it from "clients" there, and it stops working when the file is applied.`,
          { field: 'name' },
        );
      }
      clients.deleteGeneratedClient(name);
      dependencies.reloadClients();
    },
  };
}
