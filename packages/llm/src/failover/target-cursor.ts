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
 * `retryAfterExceeded` moves on, `context-length-exceeded` goes to the context-length target (once), `auth-failed`
 * also skips later targets of the same provider (same credentials), other kinds move on when listed.
 */
export class TargetCursor {
  readonly #queue: PlannedTarget[];
  readonly #contextLengthTarget: PlannedTarget | undefined;
  readonly #kinds: ReadonlySet<ProviderErrorKind>;
  readonly #excludedProviders = new Set<string>();
  #position = 0;

  constructor(
    targets: readonly PlannedTarget[],
    contextLengthTarget: PlannedTarget | undefined,
    kinds: ReadonlySet<ProviderErrorKind>,
  ) {
    this.#queue = [...targets];
    this.#contextLengthTarget = contextLengthTarget;
    this.#kinds = kinds;
  }

  get current(): PlannedTarget {
    const target = this.#queue[this.#position];
    if (target === undefined) throw new RangeError('withFailover needs at least one target');
    return target;
  }

  advance(error: ProviderError): FailoverStep {
    if (error.kind === 'aborted') return { next: undefined, reason: 'not-eligible' };
    if (error.kind === 'context-length-exceeded') return this.#toContextLengthTarget();
    if (!error.retryAfterExceeded && !this.#kinds.has(error.kind)) {
      return { next: undefined, reason: 'not-eligible' };
    }
    if (error.kind === 'auth-failed') this.#excludedProviders.add(this.current.provider.id);
    do this.#position += 1;
    while (this.#excludedProviders.has(this.#queue[this.#position]?.provider.id ?? ''));
    const next = this.#queue[this.#position];
    return next === undefined ? { next, reason: 'exhausted' } : { next };
  }

  #toContextLengthTarget(): FailoverStep {
    const target = this.#contextLengthTarget;
    if (target === undefined || this.#queue.includes(target))
      return { next: undefined, reason: 'not-eligible' };
    this.#position += 1;
    this.#queue.splice(this.#position, 0, target);
    return { next: target };
  }
}
