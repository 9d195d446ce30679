/**
 * Run by the keychain tests in a child process (`node --import tsx`), never by vitest itself.
 *
 * A child, because the keychain library reads DBUS_SESSION_BUS_ADDRESS once per process: setting
 * it in a running process works only before the first keyring call, and a failed first call is
 * remembered for the life of the process. A child started with the environment it needs sees
 * exactly that Secret Service (or exactly that missing one), whatever ran before in the worker.
 *
 * Usage: secret-store-child.fixture.ts <keychain-round-trip|open> <service> <dataDir>
 * Prints one JSON object on stdout.
 */
import { KeychainSecretStore } from '../../../../src-main/store/secrets/keychain-secret-store.js';
import { openSecretStore } from '../../../../src-main/store/secrets/open-secret-store.js';

const [command, service, dataDir] = process.argv.slice(2);
if (!service || !dataDir) throw new Error('usage: secret-store-child.fixture.ts <keychain-round-trip|open> <service> <dataDir>');

/** What the parent asserts on: every value read back, in order. */
async function keychainRoundTrip(serviceName: string): Promise<Record<string, unknown>> {
  const store = new KeychainSecretStore(serviceName);
  const account = 'provider/openai-main/oa-1';
  const observed: Record<string, unknown> = { backend: store.backend, description: store.description };
  observed.beforeSet = await store.get(account);
  await store.set(account, 'sk-first-secret-0001');
  observed.afterSet = await store.get(account);
  await store.set(account, 'sk-second-secret-0002');
  observed.afterOverwrite = await store.get(account);
  await store.set('admin-token', 'admin-secret-0003');
  observed.otherAccount = await store.get('admin-token');
  await store.delete(account);
  observed.afterDelete = await store.get(account);
  observed.otherAccountAfterDelete = await store.get('admin-token');
  await store.delete(account);
  observed.secondDeleteResolved = true;
  await store.delete('admin-token');
  return observed;
}

async function open(serviceName: string, directory: string): Promise<Record<string, unknown>> {
  const logs: { level: string; message: string }[] = [];
  const store = await openSecretStore({
    dataDir: directory,
    service: serviceName,
    log: (level, message) => logs.push({ level, message }),
    env: { SWITCHYARD_VAULT_PASSPHRASE: 'child-process-test-passphrase' },
  });
  await store.set('client/my-editor', 'sk-local-editor-secret-0004');
  const readBack = await store.get('client/my-editor');
  await store.delete('client/my-editor');
  return { backend: store.backend, description: store.description, logs, readBack };
}

switch (command) {
  case 'keychain-round-trip':
    process.stdout.write(JSON.stringify({ roundTrip: await keychainRoundTrip(service), opened: await open(service, dataDir) }));
    break;
  case 'open':
    process.stdout.write(JSON.stringify({ opened: await open(service, dataDir) }));
    break;
  default:
    throw new Error(`unknown command ${command}`);
}
