import { ControlCallError } from '../../src-shared/control/rpc.js';

/**
 * One call's answer as the window shows it: loading, the data, or the error (by its catalogue code).
 * A reload keeps the last data on screen while the new answer comes, so live updates do not flash.
 */
export class Resource<T> {
  data = $state<T | undefined>(undefined);
  error = $state<ControlCallError | null>(null);
  loading = $state(false);
  #loader: () => Promise<T>;
  #generation = 0;

  constructor(loader: () => Promise<T>) {
    this.#loader = loader;
  }

  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    try {
      const data = await this.#loader();
      // An older call that answers late must not overwrite a newer one.
      if (generation !== this.#generation) return;
      this.data = data;
      this.error = null;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.error = asControlError(error);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }
}

export function asControlError(error: unknown): ControlCallError {
  if (error instanceof ControlCallError) return error;
  return new ControlCallError({ code: 'internal_error', message: error instanceof Error ? error.message : String(error) });
}
