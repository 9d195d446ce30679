import type { Environment } from '../../src-shared/control/settings-api.js';
import { api } from '../lib/api.js';
import { Resource } from './resource.svelte.js';

/** Facts about the running gateway (its URL, the config file, the secret store); read once per sign-in. */
export const environment = new Resource<Environment>(() => api.environment());
