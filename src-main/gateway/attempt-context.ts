import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import type { InboundCodec } from '../conversion/inbound-codec.js';
import type { ProviderAdapter } from '../providers/provider-adapter.js';
import type { KeyEntry } from '../routing/route-table.js';
import type { RedactSecrets } from '../store/secrets/redact-secrets.js';
import type { GatewayDependencies } from './gateway-dependencies.js';
import type { EventDraft } from './usage-events.js';

/** Everything one delivery needs about the attempt whose upstream just answered. */
export interface AttemptContext {
  dependencies: GatewayDependencies;
  request: FastifyRequest;
  reply: FastifyReply;
  entry: KeyEntry;
  adapter: ProviderAdapter;
  response: Dispatcher.ResponseData;
  /** The client's door codec; null on routes without conversion. */
  codec: InboundCodec | null;
  requestedModel: string;
  routedModel: string;
  stream: boolean;
  injectedUsageRequest: boolean;
  /** Whether the client asked for usage in its stream (OpenAI's `stream_options.include_usage`). */
  includeStreamUsage: boolean;
  /** Redacts the secrets of the route table the request started with, the key it is using among them. */
  redactSecrets: RedactSecrets;
  event: EventDraft;
  started: number;
  firstByteMs: number;
  aborted(): boolean;
  /** Marks the attempt's upstream request as no longer in flight (metrics). */
  endInFlight(): void;
}
