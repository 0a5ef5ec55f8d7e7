import type { ChatRequest, ProviderAttempt, ProviderError } from '@clawft/types';
import { type LinkedSignal, linkSignals } from '@clawft/types/internal';
import type { ProviderCallOptions } from '../providers/create-http-provider.js';
import { type PartBatch, streamBatches } from '../stream/part-batches.js';
import { type AttemptGuard, guardAttempt, reportAttempt } from './attempt-guard.js';
import { AttemptReader } from './attempt-reader.js';
import { AttemptTracker } from './attempt-tracker.js';
import {
  asProviderError,
  finalError,
  missingFinishError,
  reportedModel,
  targetModel,
  truncatedError,
} from './failover-errors.js';
import type { AttemptReport, ResolvedFailoverOptions } from './failover-options.js';
import { failoverPart, resetPart, targetRequest } from './failover-parts.js';
import { HoldGate } from './hold-gate.js';
import { ShownText } from './shown-text.js';
import type { PlannedTarget, TargetCursor } from './target-cursor.js';

/** Everything one failover stream needs. */
export interface FailoverStreamContext {
  id: string;
  options: ResolvedFailoverOptions;
  cursor: TargetCursor;
  request: ChatRequest;
  signal: AbortSignal;
}

/** One attempt in progress: skipped by its circuit, or reading. */
interface StartedAttempt {
  tracker: AttemptTracker;
  guard: AttemptGuard;
  skipped: ProviderError | undefined;
  reader: AttemptReader | undefined;
  link: LinkedSignal | undefined;
}

/**
 * One streaming call across targets. Shown output is tracked so that a mid-stream failure can be answered by the
 * stream mode: `reset` then a fresh start (restart, hold after release), a continuation (continue), or an error (fail).
 */
export class FailoverStream {
  readonly #context: FailoverStreamContext;
  readonly #attempts: ProviderAttempt[] = [];
  readonly #shownText = new ShownText();
  #shownOutput = false;
  #withheldToolCalls = 0;
  /** Set while continuing: the text to prefill and the failure that made us continue. */
  #continuation: { text: string; original: ProviderError } | undefined;
  #index = 0;

  constructor(context: FailoverStreamContext) {
    this.#context = context;
  }

  /** The call's parts, batch by batch (an attempt's batches as they come; `failover` and `reset` alone). */
  async *run(): AsyncGenerator<PartBatch, void, undefined> {
    const { cursor } = this.#context;
    let target = cursor.current;
    for (;;) {
      const attempt = this.#start(target);
      let error = attempt.skipped;
      if (attempt.reader !== undefined) {
        try {
          const { reader } = attempt;
          if (reader.live) {
            // The common case, without a hold gate: one await of the upstream per batch.
            while (!reader.finished) {
              const batch = reader.take(await reader.pull());
              if (batch.length > 0) yield this.#shown(batch);
            }
          } else {
            for (let batch = await reader.next(); batch !== undefined; batch = await reader.next()) {
              if (batch.length > 0) yield this.#shown(batch);
            }
          }
        } catch (thrown) {
          error = asProviderError(thrown, this.#context.signal, this.#targetOf(target));
        } finally {
          this.#end(target, attempt, error);
        }
      }
      if (error === undefined) return;
      const next = this.#next(error, attempt.tracker);
      yield [failoverPart(this.#origin(target, attempt.tracker.lastAttempt), this.#targetOf(next), error)];
      if (this.#shownOutput) yield* this.#afterShownFailure(target, next, error, attempt.tracker.lastAttempt);
      target = next;
    }
  }

  /** After a failed attempt: the next target, or the error the call ends with. */
  #next(error: ProviderError, tracker: AttemptTracker): PlannedTarget {
    this.#attempts.push(error.toAttempt());
    this.#withheldToolCalls += tracker.withheldToolCalls;
    if (error.kind === 'aborted') throw error;
    if (this.#shownOutput && this.#context.options.streamMode === 'fail') {
      throw truncatedError(error, this.#shownText.toString());
    }
    const step = this.#context.cursor.advance(error);
    if (step.next !== undefined) return step.next;
    const original = this.#continuation?.original;
    if (original !== undefined && step.reason === 'not-eligible' && tracker.outputParts === 0) {
      // The continuation request was refused: what the caller needs to know is why the original stream broke.
      // (A continuation target that was merely unavailable moved on above, like any other target.)
      throw original;
    }
    throw finalError(step, error, this.#attempts, { provider: this.#context.id, model: this.#model() });
  }

  async *#afterShownFailure(
    from: PlannedTarget,
    to: PlannedTarget,
    error: ProviderError,
    attempt: number,
  ): AsyncGenerator<PartBatch, void, undefined> {
    const canContinue =
      this.#context.options.streamMode === 'continue' &&
      to.provider.capabilities.assistantPrefill &&
      this.#shownText.length > 0;
    if (canContinue) {
      this.#continuation = {
        text: this.#shownText.toString(),
        original: this.#continuation?.original ?? error,
      };
      return;
    }
    this.#continuation = undefined;
    yield [resetPart(this.#origin(from, attempt), this.#shownText.toString(), this.#withheldToolCalls)];
    this.#shownText.clear();
    this.#shownOutput = false;
    this.#withheldToolCalls = 0;
  }

  /** Starts one attempt: asks the circuit, then opens the target's stream (live or behind a hold gate). */
  #start(target: PlannedTarget): StartedAttempt {
    this.#index += 1;
    const { options, request, signal } = this.#context;
    const tracker = new AttemptTracker(options.now);
    const guard = guardAttempt(target, this.#model(target));
    if (guard.skipped !== undefined) {
      this.#report(tracker.report(this.#origin(target, this.#index), 'skipped', guard.skipped));
      return { tracker, guard, skipped: guard.skipped, reader: undefined, link: undefined };
    }
    const link = linkSignals(signal);
    const model = this.#model(target);
    const prefill = this.#continuation?.text;
    const asked = targetModel(target, request.model);
    const callOptions: ProviderCallOptions = {
      signal: link.signal,
      failover: { probe: guard.probe, canMoveOn: (error) => this.#context.cursor.canMoveOn(error) },
    };
    const open = () => streamBatches(target.provider, targetRequest(request, asked, prefill), callOptions);
    const gate =
      options.streamMode === 'hold' && !this.#shownOutput ? new HoldGate({ ...options }) : undefined;
    const onMissingFinish = () =>
      missingFinishError({ provider: target.provider.id, model }, tracker.outputParts > 0);
    const reader = new AttemptReader({ open, tracker, gate, onMissingFinish });
    return { tracker, guard, skipped: undefined, reader, link };
  }

  /** Settles the circuit, reports the attempt, and stops its upstream unless it finished. */
  #end(target: PlannedTarget, attempt: StartedAttempt, error: ProviderError | undefined): void {
    const { tracker, guard } = attempt;
    const origin = this.#origin(target, this.#index);
    if (error !== undefined) {
      guard.settle(error);
      this.#report(tracker.report(origin, 'failure', error));
    } else if (tracker.finished) {
      guard.settle('success');
      this.#report(tracker.report(origin, 'success'));
    }
    guard.settle('neutral');
    attempt.reader?.close();
    if (!tracker.finished) attempt.link?.abort();
    attempt.link?.unlink();
  }

  /** Notes `parts` as shown (they are yielded next, in one batch) and returns them. */
  #shown(parts: PartBatch): PartBatch {
    for (const part of parts) {
      if (part.type === 'text-delta') this.#shownText.append(part.text);
      if (part.type === 'text-delta' || part.type === 'reasoning-delta') this.#shownOutput = true;
      if (part.type === 'reset') {
        this.#shownText.clear();
        this.#shownOutput = false;
      }
    }
    return parts;
  }

  #report(report: AttemptReport): void {
    reportAttempt(this.#context.options, report);
  }

  #targetOf(target: PlannedTarget): { provider: string; model: string } {
    return { provider: target.provider.id, model: this.#model(target) };
  }

  #origin(target: PlannedTarget, attempt: number) {
    return { attempt, provider: target.provider.id, model: this.#model(target) };
  }

  /** The model parts and reports carry: the target's, without its `provider/` slot (see `reportedModel`). */
  #model(target?: PlannedTarget): string {
    return target === undefined
      ? this.#context.request.model
      : reportedModel(target, this.#context.request.model);
  }
}
