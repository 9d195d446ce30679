import type { ControlCallError } from '../../src-shared/control/rpc.js';
import { api } from '../lib/api.js';
import { downloadFile } from '../lib/download.js';
import { environment } from './environment.svelte.js';
import { asControlError } from './resource.svelte.js';

/**
 * The Settings page's one-off actions: export and import of the configuration, usage export,
 * price sync and resetting the statistics. Each has its own busy flag, result and error.
 */

export const minimumPassphraseLength = 8;

export type PassphraseProblem = 'short' | 'mismatch' | null;

/** A passphrase protects exported keys: long enough, and typed the same twice. */
export function passphraseProblem(passphrase: string, repeated: string): PassphraseProblem {
  if (passphrase.length < minimumPassphraseLength) return 'short';
  if (passphrase !== repeated) return 'mismatch';
  return null;
}

export const transfer = $state({
  exporting: false,
  exportError: null as ControlCallError | null,
  importing: false,
  importError: null as ControlCallError | null,
  /** The chosen file's text, kept while the passphrase is asked for. */
  pendingImport: null as { fileName: string; content: string } | null,
  needsPassphrase: false,
  imported: null as { providers: number; clients: number } | null,
  exportingUsage: false,
  usageError: null as ControlCallError | null,
});

export async function exportConfiguration(includeSecrets: boolean, passphrase?: string): Promise<boolean> {
  transfer.exporting = true;
  transfer.exportError = null;
  try {
    downloadFile(await api.exportConfiguration(includeSecrets ? { includeSecrets, passphrase } : { includeSecrets }));
    return true;
  } catch (error) {
    transfer.exportError = asControlError(error);
    return false;
  } finally {
    transfer.exporting = false;
  }
}

/**
 * Imports a configuration file. An encrypted one is refused with `wrong_passphrase` while no
 * passphrase is given; that refusal is the cue to ask for it, not an error to show.
 */
export async function importConfiguration(file: { fileName: string; content: string }, passphrase?: string): Promise<boolean> {
  transfer.importing = true;
  transfer.importError = null;
  transfer.imported = null;
  try {
    transfer.imported = await api.importConfiguration(passphrase === undefined ? { content: file.content } : { content: file.content, passphrase });
    transfer.pendingImport = null;
    transfer.needsPassphrase = false;
    return true;
  } catch (error) {
    const refusal = asControlError(error);
    if (refusal.code === 'wrong_passphrase') {
      transfer.pendingImport = file;
      transfer.needsPassphrase = true;
      if (passphrase !== undefined) transfer.importError = refusal;
    } else {
      transfer.importError = refusal;
    }
    return false;
  } finally {
    transfer.importing = false;
  }
}

export function cancelImport(): void {
  transfer.pendingImport = null;
  transfer.needsPassphrase = false;
  transfer.importError = null;
}

export async function exportUsage(format: 'csv' | 'json'): Promise<void> {
  transfer.exportingUsage = true;
  transfer.usageError = null;
  try {
    downloadFile(await api.exportUsage({ format }));
  } catch (error) {
    transfer.usageError = asControlError(error);
  } finally {
    transfer.exportingUsage = false;
  }
}

export const maintenance = $state({
  syncing: false,
  syncResult: null as { changed: number; fetchedAt: string } | null,
  syncError: null as ControlCallError | null,
  resetting: false,
  resetDone: false,
  resetError: null as ControlCallError | null,
});

export async function syncPrices(): Promise<void> {
  maintenance.syncing = true;
  maintenance.syncError = null;
  maintenance.syncResult = null;
  try {
    maintenance.syncResult = await api.syncPrices();
    // The catalogue's source and age are environment facts.
    await environment.load();
  } catch (error) {
    maintenance.syncError = asControlError(error);
  } finally {
    maintenance.syncing = false;
  }
}

export async function resetStatistics(): Promise<boolean> {
  maintenance.resetting = true;
  maintenance.resetError = null;
  maintenance.resetDone = false;
  try {
    await api.resetStatistics();
    maintenance.resetDone = true;
    return true;
  } catch (error) {
    maintenance.resetError = asControlError(error);
    return false;
  } finally {
    maintenance.resetting = false;
  }
}
