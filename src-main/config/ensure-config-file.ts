import { access } from 'node:fs/promises';
import { writeFileAtomically } from '../store/atomic-file.js';
import { emptyConfigDocumentText } from './config-document.js';

/**
 * Makes the app's own configuration file on the first start without `--config`: an empty
 * configuration the window then fills. An existing file, the user's or the window's, is left alone.
 */
export async function ensureConfigFile(path: string): Promise<void> {
  try {
    await access(path);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await writeFileAtomically(path, emptyConfigDocumentText);
}
