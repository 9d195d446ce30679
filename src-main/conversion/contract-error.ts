import {
  errorCodeEntry,
  isErrorCode,
  type ErrorCode,
  type ErrorCodeWithSourceStatus,
} from '../../src-shared/error-codes.js';

export interface ContractErrorOptions<Code extends ErrorCode> {
  /** Only for codes whose status is the source's own (the catalogue's `statusFromSource`). */
  status?: Code extends ErrorCodeWithSourceStatus ? number : never;
  /** Response headers that go with the error, such as `retry-after`. */
  headers?: Readonly<Record<string, string>>;
  /** What the upstream itself said, kept apart from our message (a refused provider key's vendor text). */
  upstream?: UpstreamStatement;
  cause?: unknown;
  /** The input field at fault (`providers[0].baseUrl`), for the control API's refusals. */
  field?: string;
}

/** A vendor's own status and words, answered beside ours (`error.upstream`), already redacted of secrets. */
export interface UpstreamStatement {
  status: number;
  message: string;
}

/**
 * An error of ours that the gateway answers with: thrown by the adapters, the contract and the
 * gateway alike. It carries a catalogue `code` (src-shared/error-codes.ts), which fixes its status,
 * wire types and whether it is retryable. Match it on `code` (`hasErrorCode`), never on class, as
 * undici and fastify do.
 */
export class ContractError<Code extends ErrorCode = ErrorCode> extends Error {
  readonly code: Code;
  readonly status: number;
  readonly retryable: boolean;
  readonly headers: Readonly<Record<string, string>>;
  readonly upstream: UpstreamStatement | undefined;
  readonly field: string | undefined;

  constructor(code: Code, message: string, options: ContractErrorOptions<Code> = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ContractError';
    const entry = errorCodeEntry(code);
    this.code = code;
    this.status = entry.statusFromSource === true && options.status !== undefined ? options.status : entry.status;
    this.retryable = entry.retryable;
    this.headers = options.headers ?? {};
    this.upstream = options.upstream;
    this.field = options.field;
  }
}

/**
 * Whether `value` is one of our errors: an Error carrying a catalogue code and a status. A plain
 * object is not (a vendor's error in the internal vocabulary, `UpstreamError`, may carry a code that
 * happens to be spelled like one of ours), nor is an error whose code is not in the catalogue.
 */
export function isContractError(value: unknown): value is ContractError {
  if (!(value instanceof Error)) return false;
  const { code, status } = value as { code?: unknown; status?: unknown };
  return isErrorCode(code) && typeof status === 'number';
}

/** Whether `value` is one of our errors with this code. */
export function hasErrorCode<Code extends ErrorCode>(value: unknown, code: Code): value is ContractError<Code> {
  return isContractError(value) && value.code === code;
}
