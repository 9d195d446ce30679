import type { ProviderConfig } from '../../src-shared/config-schema.js';
import type { ProviderType } from '../../src-shared/provider-type.js';
import type { TokenUsage } from '../../src-shared/usage.js';
import type { ChatRequest } from '../conversion/chat-request.js';
import type { ChatResponse } from '../conversion/chat-response.js';
import type { StreamPart, UpstreamError } from '../conversion/stream-part.js';
import type { WireFormat } from '../conversion/wire-format.js';


/** Where a request goes upstream: a path appended to the provider's `baseUrl`, plus query parameters. */
export interface UpstreamTarget {
  path: string;
  query?: Record<string, string>;
}

/** Usage read from an upstream answer, with the vendor's own usage object kept for re-pricing. */
export interface UsageReading {
  usage: TokenUsage;
  raw: unknown;
  /** The model the upstream says it used, where it says so. */
  model?: string;
}

/**
 * Watches a same-format response stream go by. It may hold back nothing but an incomplete event, and
 * may drop only what Switchyard itself asked for (the usage chunk the client did not request).
 */
export interface StreamTap {
  /** The bytes to send to the client for this upstream chunk; the same buffer when nothing changes. */
  transform(chunk: Buffer): Buffer;
  /** Any bytes still held when the upstream ended. */
  flush(): Buffer;
  /** What the stream said about usage, once it ended. */
  reading(): UsageReading | null;
}

/** What the same-format path needs to know about one chat request it forwards. */
export interface PreparedChatRequest {
  /** The body to send; `null` means the client's bytes go up unchanged. */
  body: Record<string, unknown> | null;
  /** True when Switchyard asked the upstream for usage the client did not ask for. */
  injectedUsageRequest: boolean;
}

/** Turns upstream stream bytes into internal stream parts, keeping its state in its closure. */
export interface StreamParser {
  push(chunk: Buffer): StreamPart[];
  /** Whatever the upstream's last bytes complete; called once when it ends. */
  end(): StreamPart[];
}

/** A converted request, ready to send. */
export interface EncodedChatRequest {
  target: UpstreamTarget;
  body: Record<string, unknown>;
  /** Headers the format needs besides auth and content type (e.g. `anthropic-version`). */
  headers?: Record<string, string>;
}

export interface EncodeContext {
  provider: ProviderConfig;
  /** The model to name upstream (after aliases, deployments). */
  upstreamModel: string;
  /** The model's largest output in tokens, from the catalog; fills Anthropic's required `max_tokens`. */
  modelOutputLimit?: number;
  /** Client headers a format may forward (e.g. `anthropic-beta`), lower-cased. */
  clientHeaders: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * One upstream API family. Generic code (gateway, routing, usage) talks only to this interface; each
 * provider folder implements it from small single-purpose files.
 */
export interface ProviderAdapter {
  readonly type: ProviderType;
  /** Requests arriving in this format pass through untouched, bytes both ways. */
  readonly nativeFormat: WireFormat;
  /** Headers that carry the stored key upstream. */
  authHeaders(secret: string): Record<string, string>;
  /** Client headers that carry the client's own credentials; never forwarded upstream. */
  readonly credentialHeaders: readonly string[];
  /**
   * Query parameters that carry a key in this family's URLs (Gemini's `?key=`). The proxy removes
   * them: the client's local key must never travel upstream, and keys in URLs end up in logs.
   */
  readonly credentialQueryParameters?: readonly string[];
  /** Client headers forwarded on the same-format path (feature flags such as `anthropic-beta`). */
  readonly forwardedClientHeaders?: readonly string[];
  /**
   * True where the family sends errors as events inside a 200 stream before any content
   * (Anthropic's `overloaded_error`): such streams are held until their first content so the error
   * can still become an HTTP error and fail over. Families that report errors with HTTP statuses
   * are not held, so a model that thinks for a minute before its first token still gets its
   * response headers to the client at once.
   */
  readonly errorsInsideStreams?: boolean;
  chatTarget(provider: ProviderConfig, model: string, stream: boolean): UpstreamTarget;
  /** Null when the family has no OpenAI-style embeddings endpoint. */
  embeddingsTarget(provider: ProviderConfig, model: string): UpstreamTarget | null;
  modelsTarget(provider: ProviderConfig): UpstreamTarget;
  parseModelList(body: unknown): string[];
  /** Rewrites a native-format body for the upstream model (and asks for usage in streams). */
  prepareChatRequest(body: Record<string, unknown>, upstreamModel: string): PreparedChatRequest;
  /** Rewrites a native-format embeddings body for the upstream model. */
  prepareEmbeddingsRequest(body: Record<string, unknown>, upstreamModel: string): Record<string, unknown> | null;
  usageFromBody(body: unknown): UsageReading | null;
  createStreamTap(options: { dropInjectedUsage: boolean }): StreamTap;

  // The converted path: used when the client speaks another format.
  /** Throws an `unsupported_feature` error for what this family cannot express. */
  encodeChatRequest(request: ChatRequest, context: EncodeContext): EncodedChatRequest;
  parseChatResponse(body: unknown): ChatResponse;
  createStreamParser(): StreamParser;
  /** An upstream error answer (any status >= 400) in the internal vocabulary. */
  parseError(status: number, body: Buffer): UpstreamError;
}

/** A configured provider with the adapter of its type. */
export interface ProviderEntry {
  readonly config: ProviderConfig;
  readonly adapter: ProviderAdapter;
}
