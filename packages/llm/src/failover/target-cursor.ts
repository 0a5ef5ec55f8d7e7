import type { LlmProvider, ProviderError, ProviderErrorKind } from '@clawft/types';
import type { Circuit } from '../circuit-breaker/circuit.js';

/** A target as `withFailover` keeps it: provider, model override and its circuit. */
export interface PlannedTarget {
  readonly provider: LlmProvider;
  readonly model: string | undefined;
  readonly circuit: Circuit;
}

/** What to do after a failed attempt: try `next`, or stop because the error does not move on / none is left. */
export type FailoverStep =
  | { next: PlannedTarget }
  | { next: undefined; reason: 'not-eligible' | 'exhausted' };

/**
 * Walks the targets of one call in order. Decides from the error's kind only: `aborted` stops, an error with
 * `retryWaitTooLong` moves on, `context-length-exceeded` goes to the context-length target (once) or, without
 * one, to the next target whose model differs from every model that already said so; `auth-failed` also skips later
 * targets of the same provider (same credentials); other kinds move on when listed.
 */
export class TargetCursor {
  readonly #queue: PlannedTarget[];
  readonly #contextLengthTarget: PlannedTarget | undefined;
  readonly #kinds: ReadonlySet<ProviderErrorKind>;
  readonly #requestModel: string;
  readonly #excludedProviders = new Set<string>();
  /** Models that answered `context-length-exceeded`: a target asking for one of them would say it again. */
  readonly #tooSmallModels = new Set<string>();
  #position = 0;

  constructor(
    targets: readonly PlannedTarget[],
    contextLengthTarget: PlannedTarget | undefined,
    kinds: ReadonlySet<ProviderErrorKind>,
    requestModel = '',
  ) {
    this.#queue = [...targets];
    this.#contextLengthTarget = contextLengthTarget;
    this.#kinds = kinds;
    this.#requestModel = requestModel;
  }

  get current(): PlannedTarget {
    const target = this.#queue[this.#position];
    if (target === undefined) throw new RangeError('withFailover needs at least one target');
    return target;
  }

  /** Whether `advance(error)` would move on to another target (for the retry layer: retry less if so). */
  canMoveOn(error: ProviderError): boolean {
    if (error.kind === 'aborted' || error.kind === 'context-length-exceeded') return false;
    if (!error.retryWaitTooLong && !this.#kinds.has(error.kind)) return false;
    return (
      this.#nextPosition(error.kind === 'auth-failed' ? this.current.provider.id : undefined) !== undefined
    );
  }

  advance(error: ProviderError): FailoverStep {
    if (error.kind === 'aborted') return { next: undefined, reason: 'not-eligible' };
    if (error.kind === 'context-length-exceeded') return this.#afterContextLength();
    if (!error.retryWaitTooLong && !this.#kinds.has(error.kind)) {
      return { next: undefined, reason: 'not-eligible' };
    }
    if (error.kind === 'auth-failed') this.#excludedProviders.add(this.current.provider.id);
    return this.#moveTo(this.#nextPosition());
  }

  /** The model a target is asked for. */
  #modelOf(target: PlannedTarget): string {
    return target.model ?? this.#requestModel;
  }

  /** The next usable position after the current one, or undefined when none is left. */
  #nextPosition(
    alsoExcluded?: string,
    accept: (target: PlannedTarget) => boolean = () => true,
  ): number | undefined {
    for (let position = this.#position + 1; position < this.#queue.length; position += 1) {
      const target = this.#queue[position] as PlannedTarget;
      const provider = target.provider.id;
      if (this.#excludedProviders.has(provider) || provider === alsoExcluded) continue;
      if (accept(target)) return position;
    }
    return undefined;
  }

  #moveTo(position: number | undefined): FailoverStep {
    if (position === undefined) {
      this.#position = this.#queue.length;
      return { next: undefined, reason: 'exhausted' };
    }
    this.#position = position;
    return { next: this.#queue[position] as PlannedTarget };
  }

  #afterContextLength(): FailoverStep {
    const target = this.#contextLengthTarget;
    if (target !== undefined) {
      if (this.#queue.includes(target)) return { next: undefined, reason: 'not-eligible' };
      this.#position += 1;
      this.#queue.splice(this.#position, 0, target);
      return { next: target };
    }
    // No larger-context target: a 400 costs little, so try the remaining targets that ask for another model.
    this.#tooSmallModels.add(this.#modelOf(this.current));
    const position = this.#nextPosition(undefined, (next) => !this.#tooSmallModels.has(this.#modelOf(next)));
    if (position === undefined && this.#tooSmallModels.size === 1)
      return { next: undefined, reason: 'not-eligible' };
    return this.#moveTo(position);
  }
}
