import type { ProviderError, StreamPart, ToolCallPart, Usage } from '@clawft/types';
import type { AttemptReport } from './failover-options.js';
import type { Origin } from './failover-parts.js';

/**
 * Follows one attempt's parts: holds tool calls back until the attempt finishes (tool calls are atomic: a call from
 * a failed attempt is never emitted), and keeps what accounting needs (usage, text length, the last attempt number).
 */
export class AttemptTracker {
  readonly #toolCalls: ToolCallPart[] = [];
  usage: Usage | undefined;
  textChars = 0;
  /** Parts that carried real output (text, reasoning or a tool call). */
  outputParts = 0;
  lastAttempt = 1;
  finished = false;
  readonly #now: () => number;
  readonly #startedAt: number;
  /** Reused for the one-part answers of `accept` (the common case, once per part): no array per part. */
  readonly #one: StreamPart[] = [];

  constructor(now: () => number) {
    this.#now = now;
    this.#startedAt = now();
  }

  /** This attempt as `onAttempt` sees it; `origin.attempt` is the attempt's number within the failover call. */
  report(origin: Origin, outcome: AttemptReport['outcome'], error?: ProviderError): AttemptReport {
    return {
      index: origin.attempt,
      provider: origin.provider,
      model: origin.model,
      outcome,
      ...(error === undefined ? {} : { error }),
      ...(this.usage === undefined ? {} : { usage: this.usage }),
      textChars: this.textChars,
      durationMs: this.#now() - this.#startedAt,
    };
  }

  /** Tool calls this attempt completed but that were withheld (it had not finished). */
  get withheldToolCalls(): number {
    return this.finished ? 0 : this.#toolCalls.length;
  }

  #just(part: StreamPart): readonly StreamPart[] {
    this.#one[0] = part;
    return this.#one;
  }

  /**
   * Returns the parts to pass on now for `part`. The array is reused by the next call: read it (or copy it) before
   * accepting another part.
   */
  accept(part: StreamPart): readonly StreamPart[] {
    this.lastAttempt = part.attempt;
    switch (part.type) {
      case 'text-delta':
        this.textChars += part.text.length;
        this.outputParts += 1;
        return this.#just(part);
      case 'reasoning-delta':
        this.outputParts += 1;
        return this.#just(part);
      case 'tool-call':
        this.#toolCalls.push(part);
        this.outputParts += 1;
        return NONE;
      case 'usage':
        this.usage = part.usage;
        return this.#just(part);
      case 'finish':
        this.usage = part.usage;
        this.finished = true;
        return [...this.#toolCalls, part];
      case 'retry':
      case 'failover':
      case 'reset':
        return this.#just(part);
      default:
        return assertNever(part);
    }
  }
}

const NONE: readonly StreamPart[] = Object.freeze([]);

function assertNever(part: never): never {
  throw new TypeError(`unknown stream part ${JSON.stringify(part)}`);
}
