import { ProviderError, redactText, type StreamPart } from '@clawft/types';
import type { SseEvent, SseSink } from '@clawft/types/internal';
import type { ErrorContext } from '../errors/error-context.js';
import { mapInBandError } from '../errors/map-http-error.js';
import { ToolCallAssemblyError } from '../stream-assembly/tool-call-assembler.js';
import type { CallTimers } from '../timers/call-timers.js';
import type { FailureState } from './call-failure.js';
import type { StreamDecoder, StreamEnding } from './wire-adapter.js';

/** Malformed- and unknown-event handling of a call. */
export interface MalformedPolicy {
  /** Tolerant mode: unreadable events skipped before the call fails with `malformed-response` (0: none). */
  maxMalformedEvents: number;
  onMalformedEvent: ((event: SseEvent) => void) | undefined;
  onIgnoredEvent?: ((event: SseEvent) => void) | undefined;
}

/**
 * Feeds events to a decoder synchronously, leaving parts in `out`: fails on an unreadable event (unless tolerant
 * mode skips and counts it), ignores and counts unknown event types, turns in-band errors into `ProviderError`s,
 * and tells the timers about real output only. It is the parser's sink (`SseParser.pushTo`): events come as their
 * type and data, and an `SseEvent` object is made only for a callback or an error message.
 */
export class EventPump implements SseSink {
  /** The parts decoded since the last `take`. */
  out: StreamPart[] = [];
  /** The terminal event came: the parser stopped there. */
  done = false;
  /** Unreadable events skipped in tolerant mode. */
  dropped = 0;
  /** Events of unknown types, ignored. */
  ignored = 0;
  /** Real output since the last `flushOutput` (the timers are told once per chunk, not once per event). */
  #output = false;

  constructor(
    private readonly decoder: StreamDecoder,
    private readonly timers: CallTimers,
    private readonly state: FailureState,
    private readonly context: ErrorContext,
    private readonly policy: MalformedPolicy,
  ) {}

  /** Handles one event; true when it was the terminal one (`done` is set then). */
  event(type: string, data: string, id: string | undefined): boolean {
    const result = this.decoder.event(type, data, this.out);
    switch (result) {
      case 'output':
        this.#output = true;
        this.state.phase = 'mid-stream';
        return false;
      case 'done':
        this.done = true;
        return true;
      case 'none':
        return false;
      case 'ignored':
        this.ignored += 1;
        this.policy.onIgnoredEvent?.(sseEvent(type, data, id));
        return false;
      case 'error':
        throw mapInBandError(this.decoder.error, { ...this.context, phase: this.state.phase });
      case 'malformed':
        this.policy.onMalformedEvent?.(sseEvent(type, data, id));
        if (this.dropped >= this.policy.maxMalformedEvents) throw this.malformedError(data);
        this.dropped += 1;
        return false;
    }
  }

  /** The parts decoded so far, handed over: the pump starts a new array (the taken one is the reader's). */
  take(): StreamPart[] {
    const parts = this.out;
    this.out = [];
    return parts;
  }

  /** Tells the timers about the output of the events handled since the last call (one clock read per chunk). */
  flushOutput(): void {
    if (!this.#output) return;
    this.#output = false;
    this.timers.output();
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
      if (error instanceof ToolCallAssemblyError)
        throw this.error('malformed-response', `unreadable stream (${error.message})`);
      throw error;
    }
    if (ending !== undefined) return ending;
    throw this.error('stream-truncated', 'the stream ended without its terminal event');
  }

  private malformedError(data: string): ProviderError {
    const tolerated = this.policy.maxMalformedEvents;
    const quoted = JSON.stringify(redactText(data.slice(0, 80), [this.context.apiKey]));
    const limit = tolerated === 0 ? '' : ` after ${tolerated} skipped (maxMalformedEvents)`;
    return this.error(
      'malformed-response',
      `unreadable stream event ${quoted}${limit}; output would be lost, so the attempt failed`,
    );
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

/** The event as callbacks see it (as `SseParser.push` would have returned it). */
function sseEvent(type: string, data: string, id: string | undefined): SseEvent {
  return id === undefined ? { event: type, data } : { event: type, data, id };
}
