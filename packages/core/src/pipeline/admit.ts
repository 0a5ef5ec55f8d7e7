import {
  AgentDefaultsSchema,
  type ChatRequest,
  type RoutingDecision,
  RoutingError,
  type TaskProfile,
} from '@clawft/types';
import { budgetError } from '../cost/budget-check.js';
import { ANONYMOUS_SENDER, type CostTracker, type Reservation } from '../cost/cost-tracker.js';
import { type RateLimiter, rateLimitedError } from '../rate-limit/rate-limiter.js';
import type { Classifier } from '../routing/classifier.js';
import type { RouteContext, Router } from '../routing/router.js';

/**
 * The stages before the call. The reservation is atomic in the cost tracker's store (across every process sharing
 * it), so a budget cannot be promised twice.
 */
export interface AdmitStages {
  classifier: Classifier;
  router: Router;
  costTracker: CostTracker;
  rateLimiter: RateLimiter | undefined;
  /** Over budget: try cheaper candidates (`downgrade`) or refuse at once (`refuse`). */
  onExceeded: 'downgrade' | 'refuse';
}

export interface Admission {
  profile: TaskProfile;
  decision: RoutingDecision;
  reservation: Reservation;
}

/**
 * Rate limit (checked) → classify → route → reserve → rate limit (counted). Candidates are tried in order (the
 * preferred model, then budget downgrades); the first whose worst-case cost fits every budget is admitted.
 *
 * @throws RoutingError `rate-limited`, `no-route`, or `budget-exceeded` (naming the first budget that refused).
 */
export async function admit(
  stages: AdmitStages,
  request: ChatRequest,
  context: RouteContext,
  requestId: string,
  signal?: AbortSignal,
): Promise<Admission> {
  const senderId = context.senderId ?? ANONYMOUS_SENDER;
  // Checked first, counted only once a budget admits the request: a request refused for its budget never reached a
  // provider, so it must not use up the window (least of all the global one) for everybody else.
  const rate = stages.rateLimiter?.check(senderId);
  if (rate !== undefined && !rate.ok) throw rateLimitedError(senderId, rate);
  const profile = stages.classifier.classify(request);
  const { candidates } = stages.router.route(profile, context);
  const allowed = stages.onExceeded === 'downgrade' ? candidates : candidates.slice(0, 1);
  let refusal: RoutingError | undefined;
  for (const decision of allowed) {
    const reserved = await reserveFor(stages.costTracker, decision, profile, request, requestId, signal);
    if (reserved instanceof RoutingError) refusal ??= reserved;
    else {
      // Other requests ran while the store reserved: the window may have filled since the check.
      const counted = stages.rateLimiter?.tryAcquire(senderId);
      if (counted !== undefined && !counted.ok) {
        stages.costTracker.release(reserved);
        throw rateLimitedError(senderId, counted);
      }
      return { profile, decision, reservation: reserved };
    }
  }
  throw (
    refusal ??
    new RoutingError({ kind: 'no-route', message: 'The router offered no model for this request.' })
  );
}

/** Reserves the worst case of `decision` (the whole prompt plus `maxTokens` of output). */
export async function reserveFor(
  costTracker: CostTracker,
  decision: RoutingDecision,
  profile: TaskProfile,
  request: ChatRequest,
  requestId: string,
  signal?: AbortSignal,
): Promise<Reservation | RoutingError> {
  const amountUsd = costTracker.pricing.worstCaseCost(
    decision.model,
    profile.estimatedInputTokens,
    request.maxTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
  );
  const sessionKey = sessionKeyOf(request);
  const result = await costTracker.tryReserve(
    {
      model: decision.model,
      amountUsd,
      requestId,
      ...senderOf(decision),
      ...(sessionKey === undefined ? {} : { sessionKey }),
    },
    signal,
  );
  if (result.ok) return result.reservation;
  return budgetError(result, decision.senderId ?? ANONYMOUS_SENDER, decision.model);
}

/** Output tokens assumed for the worst case when a request sets no `maxTokens`: `agents.defaults.maxTokens`' default. */
export const DEFAULT_MAX_OUTPUT_TOKENS: number = AgentDefaultsSchema.shape.maxTokens.parse(undefined);

function senderOf(decision: RoutingDecision): { senderId?: string } {
  return decision.senderId === undefined ? {} : { senderId: decision.senderId };
}

/** `channel:chatId` when the request's metadata names both (the agent loop sets them on every turn's calls). */
function sessionKeyOf(request: ChatRequest): string | undefined {
  const { channel, chatId } = request.metadata;
  return typeof channel === 'string' && typeof chatId === 'string' ? `${channel}:${chatId}` : undefined;
}
