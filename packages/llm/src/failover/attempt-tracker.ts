import type { ProviderError, StreamPart, ToolCallPart, Usage } from '@clawft/types';
import type { PartBatch } from '../stream/part-batches.js';
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

  /**
   * Returns the parts of `batch` to pass on now: the batch itself when every part passes as it is (the common
   * case: no copy), else a new array with the tool calls held back until `finish` (which brings them, just before
   * it). Parts after `finish` are not read.
   */
  accept(batch: PartBatch): PartBatch {
    let shown: StreamPart[] | undefined;
    for (let index = 0; index < batch.length; index += 1) {
      const part = batch[index] as StreamPart;
      if (this.#passes(part)) {
        shown?.push(part);
        continue;
      }
      shown ??= batch.slice(0, index);
      if (part.type === 'finish') {
        shown.push(...this.#toolCalls, part);
        return shown;
      }
    }
    return shown ?? batch;
  }

  /** Notes `part`; true when it is passed on as it is (false: a tool call held back, or the `finish`). */
  #passes(part: StreamPart): boolean {
    this.lastAttempt = part.attempt;
    switch (part.type) {
      case 'text-delta':
        this.textChars += part.text.length;
        this.outputParts += 1;
        return true;
      case 'reasoning-delta':
        this.outputParts += 1;
        return true;
      case 'tool-call':
        this.#toolCalls.push(part);
        this.outputParts += 1;
        return false;
      case 'usage':
        this.usage = part.usage;
        return true;
      case 'finish':
        this.usage = part.usage;
        this.finished = true;
        return false;
      case 'retry':
      case 'failover':
      case 'reset':
        return true;
      default:
        return assertNever(part);
    }
  }
}

function assertNever(part: never): never {
  throw new TypeError(`unknown stream part ${JSON.stringify(part)}`);
}
