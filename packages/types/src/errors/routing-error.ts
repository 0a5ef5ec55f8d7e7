import { ClawftError, isClawftErrorNamed } from './clawft-error.js';

/**
 * Every way the routing pipeline can refuse a request before (or instead of) calling a provider. `aborted`: the
 * caller's signal aborted while the request was being admitted (rate limit, routing, budget reservation), so no
 * provider was called; an abort after that is a `ProviderError` `aborted`.
 */
export type RoutingErrorKind =
  | 'budget-exceeded'
  | 'rate-limited'
  | 'no-route'
  | 'context-too-large'
  | 'aborted';

/** Which cost budget was exhausted. */
export type BudgetName = 'sender-daily' | 'sender-monthly' | 'global-daily' | 'global-monthly';

export interface RoutingErrorOptions {
  kind: RoutingErrorKind;
  message: string;
  /** The sender the request was for, when it had one. */
  senderId?: string;
  /** `budget-exceeded`: the budget that would have been overrun. */
  budget?: BudgetName;
  /** `budget-exceeded`: the budget's limit, USD. */
  limitUsd?: number;
  /** `budget-exceeded`: spent plus reserved in the budget's period, USD. */
  spentUsd?: number;
  /** `rate-limited`: which window was full, and how long until it has room, milliseconds. */
  scope?: 'sender' | 'global';
  retryAfterMs?: number;
  /** The model the request was routed to, when routing got that far. */
  model?: string;
  cause?: unknown;
}

/**
 * The routing pipeline refused a request: a budget would be exceeded, a rate limit is full, no model fits, or the
 * context cannot be cut to fit the model.
 *
 * @example
 * if (RoutingError.is(error) && error.kind === 'budget-exceeded') console.log(error.budget, error.senderId);
 */
export class RoutingError extends ClawftError<RoutingErrorKind> {
  readonly senderId: string | undefined;
  readonly budget: BudgetName | undefined;
  readonly limitUsd: number | undefined;
  readonly spentUsd: number | undefined;
  readonly scope: 'sender' | 'global' | undefined;
  readonly retryAfterMs: number | undefined;
  readonly model: string | undefined;

  constructor(options: RoutingErrorOptions) {
    super({
      kind: options.kind,
      message: options.message,
      retryable: options.kind === 'rate-limited',
      cause: options.cause,
    });
    this.name = 'RoutingError';
    this.senderId = options.senderId;
    this.budget = options.budget;
    this.limitUsd = options.limitUsd;
    this.spentUsd = options.spentUsd;
    this.scope = options.scope;
    this.retryAfterMs = options.retryAfterMs;
    this.model = options.model;
  }

  static override is(value: unknown): value is RoutingError {
    return isClawftErrorNamed<RoutingError>(value, 'RoutingError');
  }
}
