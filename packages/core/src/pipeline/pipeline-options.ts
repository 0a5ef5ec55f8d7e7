import type {
  Escalation,
  LlmResponse,
  ResponseOutcome,
  RoutingDecision,
  StreamPartHandler,
  TaskProfile,
} from '@clawft/types';
import type { CostTracker } from '../cost/cost-tracker.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { Classifier } from '../routing/classifier.js';
import type { Router } from '../routing/router.js';
import type { RecordedAttempt } from './attempt-recorder.js';
import type { LlmTransport } from './llm-transport.js';
import type { OutcomeLog } from './outcome-log.js';
import type { Scorer } from './score-response.js';

/** What observers learn beyond the outcome itself. */
export interface OutcomeDetails {
  requestId: string;
  /** Absent when the request was refused before classification. */
  profile?: TaskProfile;
  /** The scorer's verdict, 0 to 1 (0 for a failure). */
  quality: number;
  attempts: readonly RecordedAttempt[];
}

/** Receives every request's outcome, success or failure. Exceptions thrown here are ignored. */
export type OutcomeListener = (outcome: ResponseOutcome, details: OutcomeDetails) => void;

export interface PipelineOptions {
  router: Router;
  costTracker: CostTracker;
  transport: LlmTransport;
  /** @default createClassifier() */
  classifier?: Classifier;
  /** Absent: no rate limits. */
  rateLimiter?: RateLimiter;
  /** config.json `routing.escalation`. @default escalation off */
  escalation?: Escalation;
  /** Context window of a routed model, tokens. @default 128000 for every model */
  contextWindow?: (decision: RoutingDecision) => number;
  /** `maxTokens` of requests that set none (`agents.defaults.maxTokens`). @default 8192 */
  defaultMaxTokens?: number;
  /** @default scoreResponse */
  scorer?: Scorer;
  /** Monotonic clock, milliseconds. @default performance.now */
  clock?: () => number;
  onOutcome?: OutcomeListener;
  /** Where outcomes are appended (config.json `observability.outcomesFile`); `flush()` waits for it. */
  outcomeLog?: OutcomeLog;
}

export interface PipelineCallOptions {
  signal?: AbortSignal;
  /** Conversation key (`channel:chatId`): keeps the conversation on one model. */
  sessionKey?: string;
  /** Time the request waited before reaching the pipeline (e.g. in the bus), milliseconds. @default 0 */
  queueMs?: number;
  /** Time the caller spent building the context before the call, milliseconds. @default 0 */
  contextMs?: number;
  /** This request's outcome (success or failure), after the pipeline's own observers; exceptions are ignored. */
  onOutcome?: OutcomeListener;
}

export interface PipelineStreamOptions extends PipelineCallOptions {
  /** Each part as it arrives, awaited (backpressure); return `false` to stop the call. */
  onPart?: StreamPartHandler;
}

export interface PipelineResult {
  response: LlmResponse;
  outcome: ResponseOutcome;
  requestId: string;
}
