import { ClawftError, isClawftErrorNamed } from '../errors/clawft-error.js';

/** Why an event stream could not be parsed. */
export type SseErrorKind = 'event-too-large';

/** Options of `SseError`. */
export interface SseErrorOptions {
  kind: SseErrorKind;
  message: string;
  /** The limit that was exceeded, in bytes. */
  maxEventBytes: number;
}

/**
 * The SSE parser refused its input. Each package maps it to its own error where it reads a stream (llm: a
 * `ProviderError` `malformed-response`; services: an `McpError` `message-too-large`).
 */
export class SseError extends ClawftError<SseErrorKind> {
  /** The limit that was exceeded, in bytes. */
  readonly maxEventBytes: number;

  constructor(options: SseErrorOptions) {
    super({ kind: options.kind, message: options.message });
    this.name = 'SseError';
    this.maxEventBytes = options.maxEventBytes;
  }

  /** True for an `SseError` from any copy of this package. */
  static override is(value: unknown): value is SseError {
    return isClawftErrorNamed<SseError>(value, 'SseError');
  }
}
