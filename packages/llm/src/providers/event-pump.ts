import { ProviderError, type StreamPart } from '@clawft/types';
import type { SseEvent } from '@clawft/types/internal';
import type { ErrorContext } from '../errors/error-context.js';
import { mapInBandError } from '../errors/map-http-error.js';
import { ToolCallAssemblyError } from '../stream-assembly/tool-call-assembler.js';
import type { CallTimers } from '../timers/call-timers.js';
import type { FailureState } from './call-failure.js';
import type { StreamDecoder, StreamEnding } from './wire-adapter.js';

/** Malformed-event handling of a call. */
export interface MalformedPolicy {
  /** Unreadable events skipped before the call fails with `malformed-response`. */
  maxMalformedEvents: number;
  onMalformedEvent: ((event: SseEvent) => void) | undefined;
}

/**
 * Feeds events to a decoder synchronously, leaving parts in `out`: counts and skips malformed events, turns
 * in-band errors into `ProviderError`s, and tells the timers about real output only.
 */
export class EventPump {
  readonly out: StreamPart[] = [];
  private malformed = 0;

  constructor(
    private readonly decoder: StreamDecoder,
    private readonly timers: CallTimers,
    private readonly state: FailureState,
    private readonly context: ErrorContext,
    private readonly policy: MalformedPolicy,
  ) {}

  /** Handles one event; true when it was the terminal one. */
  handle(event: SseEvent): boolean {
    const result = this.decoder.event(event, this.out);
    switch (result) {
      case 'output':
        this.timers.output();
        this.state.phase = 'mid-stream';
        return false;
      case 'done':
        return true;
      case 'none':
        return false;
      case 'error':
        throw mapInBandError(this.decoder.error, { ...this.context, phase: this.state.phase });
      case 'malformed':
        this.malformed += 1;
        this.policy.onMalformedEvent?.(event);
        if (this.malformed > this.policy.maxMalformedEvents) {
          throw this.malformedError(`${this.malformed} unreadable events`);
        }
        return false;
    }
  }

  /**
   * How the stream ended.
   * @throws ProviderError `stream-truncated` without a terminal event, `malformed-response` for bad tool calls.
   */
  end(): StreamEnding {
    let ending: StreamEnding | undefined;
    try {
      ending = this.decoder.end();
    } catch (error) {
      if (error instanceof ToolCallAssemblyError) throw this.malformedError(error.message);
      throw error;
    }
    if (ending !== undefined) return ending;
    throw this.error('stream-truncated', 'the stream ended without its terminal event');
  }

  private malformedError(detail: string): ProviderError {
    return this.error('malformed-response', `unreadable stream (${detail})`);
  }

  private error(kind: 'stream-truncated' | 'malformed-response', detail: string): ProviderError {
    const { provider, model } = this.context;
    return new ProviderError({
      kind,
      provider,
      model,
      phase: this.state.phase,
      message: `${provider} (${model}): ${detail}`,
    });
  }
}
