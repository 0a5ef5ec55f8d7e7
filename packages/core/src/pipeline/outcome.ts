import {
  type ErrorInfo,
  emptyUsage,
  type ResponseOutcome,
  type RoutingDecision,
  type Usage,
} from '@clawft/types';
import { addUsage } from '../cost/cost-ledger.js';
import { type RecordedAttempt, toAttemptTimings } from './attempt-recorder.js';

/** The smallest latency reported: the resolution of `performance.now()`, so a measured 0 cannot appear. */
const CLOCK_RESOLUTION_MS = 0.001;

/** Monotonic marks of one request, milliseconds. */
export interface RequestMarks {
  /** When the pipeline was entered. */
  startedMs: number;
  /** Measured by the caller before the pipeline: time in the queue and building context. */
  queueMs: number;
  callerContextMs: number;
  /** Rate limit, classification, routing and reservation. */
  routeMs: number;
  /** Fitting the context to the model (each escalation fits again). */
  assembleMs: number;
  firstOutputMs: number | undefined;
  /**
   * End of the latest stage: routing, fitting the context, or an attempt. Each stage starts where the previous one
   * ended, so the stages tile the request; the request's latency ends here (its answer or failure is known).
   */
  lastMs: number;
}

/** Assembles the `ResponseOutcome` of a request from its marks, attempts and booked cost. */
export function buildOutcome(options: {
  decision: RoutingDecision;
  marks: RequestMarks;
  attempts: readonly RecordedAttempt[];
  costUsd: number;
  costOverrunUsd?: number;
  error?: ErrorInfo;
}): ResponseOutcome {
  const { marks } = options;
  const before = marks.queueMs + marks.callerContextMs;
  // Offsets count from the start of the request, which began `before` ms ahead of the pipeline.
  const originMs = marks.startedMs - before;
  const usage = options.attempts.reduce<Usage>(
    (total, attempt) => addUsage(total, attempt.usage),
    emptyUsage(),
  );
  return {
    decision: options.decision,
    success: options.error === undefined,
    ...(options.error === undefined ? {} : { error: options.error }),
    latencyMs: Math.max(CLOCK_RESOLUTION_MS, before + marks.lastMs - marks.startedMs),
    timings: {
      queueMs: marks.queueMs,
      contextMs: marks.callerContextMs + marks.assembleMs,
      routeMs: marks.routeMs,
      ...(marks.firstOutputMs === undefined ? {} : { firstTokenMs: marks.firstOutputMs - originMs }),
      attempts: toAttemptTimings(options.attempts, originMs),
      tools: [],
    },
    usage,
    costUsd: options.costUsd,
    ...(options.costOverrunUsd ? { costOverrunUsd: options.costOverrunUsd } : {}),
  };
}
