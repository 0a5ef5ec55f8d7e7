import type { AttemptTiming, ErrorInfo, StreamPart, Usage } from '@clawft/types';
import { CHARS_PER_TOKEN } from '../routing/token-estimate.js';

/** One provider attempt as the pipeline saw it (a retry or a failover each start a new one). */
export interface RecordedAttempt {
  provider: string;
  model: string;
  /** 1-based, counted across the whole request (retries, failovers and escalations). */
  attempt: number;
  /** Monotonic start and end, milliseconds. */
  startMs: number;
  endMs: number;
  success: boolean;
  errorKind?: string;
  usage: Usage;
  /** False when `usage` is an estimate because the provider reported none. */
  usageReported: boolean;
}

/** What the failover layer reports about one target's attempt (a subset of llm's `AttemptReport`). */
export interface TargetReport {
  provider: string;
  model: string;
  usage?: Usage;
  textChars: number;
}

/**
 * Follows a request's stream parts and splits them into attempts: a `retry` or `failover` part closes the running
 * attempt as failed and opens the next one at the same instant, so attempt spans are contiguous (an attempt's
 * duration includes the backoff before it). Usage comes from `usage`/`finish` parts; a failed attempt that
 * reported none is estimated from its prompt and the text it streamed (none streamed: nothing booked).
 */
export class AttemptRecorder {
  readonly attempts: RecordedAttempt[] = [];
  /** Monotonic time of the first output part (text, reasoning or tool call), if any. */
  firstOutputMs: number | undefined;
  readonly #clock: () => number;
  readonly #inputTokens: number;
  readonly #onClose: (attempt: RecordedAttempt) => void;
  #current:
    | { provider: string; model: string; startMs: number; textChars: number; usage?: Usage }
    | undefined;
  #report: TargetReport | undefined;

  constructor(options: {
    clock: () => number;
    inputTokens: number;
    onClose: (attempt: RecordedAttempt) => void;
  }) {
    this.#clock = options.clock;
    this.#inputTokens = options.inputTokens;
    this.#onClose = options.onClose;
  }

  /** Starts an attempt at `provider`/`model` at `startMs` (monotonic; default now). */
  begin(provider: string, model: string, startMs = this.#clock()): void {
    this.#current = { provider, model: fullModelId(provider, model), startMs, textChars: 0 };
  }

  /** Failover's own account of a target's attempt; refines the usage of the attempt closed next. */
  report(report: TargetReport): void {
    this.#report = report;
  }

  accept(part: StreamPart): void {
    const current = this.#current;
    if (current === undefined) return;
    switch (part.type) {
      case 'text-delta':
        current.textChars += part.text.length;
        this.firstOutputMs ??= this.#clock();
        return;
      case 'reasoning-delta':
      case 'tool-call':
        this.firstOutputMs ??= this.#clock();
        return;
      case 'usage':
      case 'finish':
        current.usage = part.usage;
        return;
      case 'retry':
        this.begin(current.provider, current.model, this.#close(false, part.error.kind));
        return;
      case 'failover':
        this.begin(part.to.provider, part.to.model, this.#close(false, part.error.kind));
        return;
      case 'reset':
        return;
      default: {
        const unknown: never = part;
        throw new TypeError(`unknown stream part ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** Closes the running attempt as a success. */
  succeed(): void {
    this.#close(true);
  }

  /** Closes the running attempt as failed with `error`. */
  fail(error: Pick<ErrorInfo, 'kind'>): void {
    this.#close(false, error.kind);
  }

  /** Closes the running attempt; returns its end (the next attempt's start). */
  #close(success: boolean, errorKind?: string): number {
    const endMs = this.#clock();
    const current = this.#current;
    if (current === undefined) return endMs;
    this.#current = undefined;
    const report = this.#report;
    this.#report = undefined;
    const matches = report !== undefined && fullModelId(report.provider, report.model) === current.model;
    const reported = current.usage ?? (matches ? report.usage : undefined);
    const textChars = Math.max(current.textChars, matches ? report.textChars : 0);
    const attempt: RecordedAttempt = {
      provider: current.provider,
      model: current.model,
      attempt: this.attempts.length + 1,
      startMs: current.startMs,
      endMs,
      success,
      ...(errorKind === undefined ? {} : { errorKind }),
      usage: reported ?? this.#estimate(textChars),
      usageReported: reported !== undefined,
    };
    this.attempts.push(attempt);
    this.#onClose(attempt);
    return endMs;
  }

  /** A failed partial stream consumed its prompt and what it streamed; one that streamed nothing, nothing. */
  #estimate(textChars: number): Usage {
    if (textChars === 0) return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
    return {
      inputTokens: this.#inputTokens,
      outputTokens: Math.ceil(textChars / CHARS_PER_TOKEN),
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
    };
  }
}

/** The recorded attempts as `StageTimings.attempts`, offsets from `originMs` (the request's start). */
export function toAttemptTimings(attempts: readonly RecordedAttempt[], originMs: number): AttemptTiming[] {
  return attempts.map((attempt) => ({
    provider: attempt.provider,
    model: attempt.model,
    startMs: attempt.startMs - originMs,
    durationMs: attempt.endMs - attempt.startMs,
    success: attempt.success,
    ...(attempt.errorKind === undefined ? {} : { errorKind: attempt.errorKind }),
  }));
}

/** `provider/model` as used by routing and pricing: `model` prefixed with its provider slot unless it already is. */
export function fullModelId(provider: string, model: string): string {
  return provider === '' || model.startsWith(`${provider}/`) ? model : `${provider}/${model}`;
}
