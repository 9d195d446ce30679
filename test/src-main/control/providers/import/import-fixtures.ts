import { readFileSync } from 'node:fs';
import { ContractError } from '../../../../../src-main/conversion/contract-error.js';

/** A sample file from test/fixtures/imports/, as the user would pick it. */
export function readImportFixture(name: string): string {
  return readFileSync(new URL(`../../../../fixtures/imports/${name}`, import.meta.url), 'utf8');
}

/** The error `run` throws, for assertions on its code and message. */
export function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

export function isImportNotRecognized(error: unknown): boolean {
  return error instanceof ContractError && error.code === 'import_not_recognized';
}
