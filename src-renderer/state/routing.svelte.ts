import type { RoutingStrategy } from '../../src-shared/config-schema.js';
import type { RoutingSettings } from '../../src-shared/control/providers-api.js';
import type { ControlCallError } from '../../src-shared/control/rpc.js';
import { api } from '../lib/api.js';
import { t } from './i18n.svelte.js';
import { asControlError } from './resource.svelte.js';

export const routingNumberFields = ['retries', 'timeoutMs', 'failureThreshold', 'cooldownMs'] as const;
export type RoutingNumberField = (typeof routingNumberFields)[number];
export type RoutingField = 'strategy' | RoutingNumberField;

/** The routing form: numbers as typed; `errors` by field, from the server's refusal or a non-number. */
export const routingForm = $state({
  values: null as ({ strategy: RoutingStrategy } & Record<RoutingNumberField, string>) | null,
  loadError: null as ControlCallError | null,
  errors: {} as Partial<Record<RoutingField, string>>,
  error: null as ControlCallError | null,
  busy: false,
  saved: false,
});

function fill(settings: RoutingSettings): void {
  routingForm.values = {
    strategy: settings.strategy,
    retries: String(settings.retries),
    timeoutMs: String(settings.timeoutMs),
    failureThreshold: String(settings.failureThreshold),
    cooldownMs: String(settings.cooldownMs),
  };
}

export async function loadRouting(): Promise<void> {
  try {
    fill(await api.getRouting());
    routingForm.loadError = null;
  } catch (error) {
    routingForm.loadError = asControlError(error);
  }
}

/** `routing.cooldownMs` (the config's path) or `cooldownMs` (the input's) to the form's field. */
export function routingFieldOfError(field: string | undefined): RoutingField | null {
  const name = field?.replace(/^routing\./, '');
  return name === 'strategy' || (routingNumberFields as readonly string[]).includes(name ?? '') ? (name as RoutingField) : null;
}

export async function saveRouting(): Promise<void> {
  const values = routingForm.values;
  if (!values || routingForm.busy) return;
  routingForm.errors = {};
  routingForm.error = null;
  routingForm.saved = false;
  const input: Partial<RoutingSettings> = { strategy: values.strategy };
  for (const field of routingNumberFields) {
    const number = Number(values[field].trim());
    if (values[field].trim() === '' || !Number.isFinite(number)) routingForm.errors[field] = t('routing:notANumber');
    else input[field] = number;
  }
  if (Object.keys(routingForm.errors).length > 0) return;
  routingForm.busy = true;
  try {
    fill(await api.setRouting(input));
    routingForm.saved = true;
  } catch (error) {
    const refusal = asControlError(error);
    const field = routingFieldOfError(refusal.field);
    if (field !== null) routingForm.errors = { [field]: refusal.message };
    else routingForm.error = refusal;
  } finally {
    routingForm.busy = false;
  }
}
