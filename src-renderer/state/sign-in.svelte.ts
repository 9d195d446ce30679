import { ControlCallError } from '../../src-shared/control/rpc.js';
import { api } from '../lib/api.js';
import { asControlError } from './resource.svelte.js';
import { session } from './session.svelte.js';

/** The login screen's one action: try the token on the gateway before keeping it. */
export const signIn = $state({
  busy: false,
  error: null as ControlCallError | null,
  async submit(token: string): Promise<void> {
    signIn.busy = true;
    signIn.error = null;
    const previous = session.token;
    session.token = token.trim();
    try {
      await api.environment();
      session.signIn(token.trim());
    } catch (error) {
      session.token = previous;
      signIn.error = asControlError(error);
    } finally {
      signIn.busy = false;
    }
  },
});
