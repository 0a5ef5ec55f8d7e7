import { randomUUID } from 'node:crypto';
import {
  type ChatRequest,
  type ChatRequestInput,
  ChatRequestSchema,
  ClawftError,
  type LlmResponse,
  type ResponseOutcome,
  RoutingError,
  type StreamPartHandler,
  type TaskProfile,
} from '@clawft/types';
import type { CostTracker } from '../cost/cost-tracker.js';
import { type Classifier, createClassifier } from '../routing/classifier.js';
import { decide, providerOf, type RouteContext } from '../routing/decide.js';
import { type Admission, admit, DEFAULT_MAX_OUTPUT_TOKENS } from './admit.js';
import { errorInfo } from './call-transport.js';
import { buildOutcome, type RequestMarks } from './outcome.js';
import type {
  OutcomeDetails,
  OutcomeListener,
  PipelineCallOptions,
  PipelineOptions,
  PipelineResult,
  PipelineStreamOptions,
} from './pipeline-options.js';
import { RequestRun } from './request-run.js';
import { scoreResponse } from './score-response.js';

/**
 * classifier → router → assembler → transport → scorer → recorder. Every request, refused or failed included,
 * yields a `ResponseOutcome` with measured latency and stage timings, published to observers and fed back to the
 * router; every provider attempt is booked to the request's sender.
 *
 * @throws RoutingError (`rate-limited`, `budget-exceeded`, `no-route`, `context-too-large`, or `aborted` when the
 *   signal aborts before a provider is called) or ProviderError (`aborted` once the call has started).
 * @example
 * const { response, outcome } = await pipeline.complete({ model: 'x', messages, senderId: 'alice' }, { signal });
 */
export class Pipeline {
  readonly #options: PipelineOptions;
  readonly #classifier: Classifier;
  readonly #clock: () => number;
  readonly #listeners = new Set<OutcomeListener>();

  constructor(options: PipelineOptions) {
    this.#options = options;
    this.#classifier = options.classifier ?? createClassifier();
    this.#clock = options.clock ?? (() => performance.now());
    if (options.onOutcome !== undefined) this.#listeners.add(options.onOutcome);
    if (options.outcomeLog !== undefined) this.#listeners.add(options.outcomeLog.listener);
  }

  /** Resolves when the budget store and the outcomes file hold everything so far. */
  async flush(): Promise<void> {
    await Promise.all([this.#options.costTracker.flush(), this.#options.outcomeLog?.flush()]);
  }

  /** Flushes, then closes the cost tracker's budget store (a NATS store's connection). */
  async close(): Promise<void> {
    await this.flush();
    await this.#options.costTracker.close();
  }

  /** The cost tracker the pipeline books to (spend, ledger). */
  get costTracker(): CostTracker {
    return this.#options.costTracker;
  }

  /** Adds an outcome observer; returns the function that removes it. */
  onOutcome(listener: OutcomeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Routes, calls and books one request; resolves with the answer and its outcome.
   * @throws RoutingError or ProviderError (the outcome has been published by then); ZodError for an invalid request.
   */
  complete(request: ChatRequestInput, options: PipelineCallOptions = {}): Promise<PipelineResult> {
    return this.#run(request, options, undefined);
  }

  /**
   * Like `complete`, handing each part to `options.onPart` as it arrives (retry, failover and reset parts
   * included, so a consumer can erase text a failed attempt showed).
   */
  stream(request: ChatRequestInput, options: PipelineStreamOptions = {}): Promise<PipelineResult> {
    return this.#run(request, options, options.onPart);
  }

  async #run(
    input: ChatRequestInput,
    options: PipelineCallOptions,
    onPart: StreamPartHandler | undefined,
  ): Promise<PipelineResult> {
    const marks: RequestMarks = {
      startedMs: this.#clock(),
      queueMs: options.queueMs ?? 0,
      callerContextMs: options.contextMs ?? 0,
      routeMs: 0,
      assembleMs: 0,
      firstOutputMs: undefined,
      lastMs: 0,
    };
    const requestId = randomUUID();
    const parsed = ChatRequestSchema.parse(input);
    const request: ChatRequest = {
      ...parsed,
      maxTokens: parsed.maxTokens ?? this.#options.defaultMaxTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
    };
    const context: RouteContext = {
      ...(request.senderId === undefined ? {} : { senderId: request.senderId }),
      ...(options.sessionKey === undefined ? {} : { sessionKey: options.sessionKey }),
    };
    const run = new RequestRun(
      this.#options,
      this.#clock,
      request,
      requestId,
      decide(request.model, 'refused', context),
    );
    let admission: Admission | undefined;
    try {
      admission = await admit(this.#admitStages(), request, context, requestId, options.signal);
      this.#endRouting(marks);
      const response = await run.call(admission, context, marks, options.signal, onPart);
      this.#options.router.commit(run.decision, context);
      const outcome = this.#finish(run, marks, admission.profile, response, undefined, options.onOutcome);
      return { response, outcome, requestId };
    } catch (thrown) {
      if (admission === undefined) this.#endRouting(marks);
      const error = admission === undefined ? admissionError(thrown, options.signal, context) : thrown;
      this.#finish(run, marks, admission?.profile, undefined, error, options.onOutcome);
      throw error;
    } finally {
      run.release();
    }
  }

  #endRouting(marks: RequestMarks): void {
    marks.lastMs = this.#clock();
    marks.routeMs = marks.lastMs - marks.startedMs;
  }

  #admitStages() {
    const { router, costTracker, rateLimiter } = this.#options;
    return {
      classifier: this.#classifier,
      router,
      costTracker,
      rateLimiter,
      onExceeded: costTracker.budgets.onExceeded,
    };
  }

  #finish(
    run: RequestRun,
    marks: RequestMarks,
    profile: TaskProfile | undefined,
    response: LlmResponse | undefined,
    error?: unknown,
    callListener?: OutcomeListener,
  ): ResponseOutcome {
    marks.firstOutputMs = run.recorder.firstOutputMs;
    run.release();
    const outcome = buildOutcome({
      decision: run.decided ? run.decision : refusedDecision(run, error),
      marks,
      attempts: run.recorder.attempts,
      costUsd: run.costUsd,
      costOverrunUsd: run.costOverrunUsd,
      ...(error === undefined ? {} : { error: errorInfo(error) }),
    });
    const quality = response === undefined ? 0 : (this.#options.scorer ?? scoreResponse)(response);
    if (run.decided) this.#options.router.observe(outcome);
    const details: OutcomeDetails = {
      requestId: run.requestId,
      quality,
      attempts: run.recorder.attempts,
      ...(profile === undefined ? {} : { profile }),
    };
    for (const listener of callListener === undefined
      ? this.#listeners
      : [...this.#listeners, callListener]) {
      try {
        listener(outcome, details);
      } catch {
        // An observer must not change the result of the request.
      }
    }
    return outcome;
  }
}

/** The decision of a request refused before routing finished: the model it was refused for, and why. */
function refusedDecision(run: RequestRun, error: unknown) {
  const model = RoutingError.is(error) && error.model !== undefined ? error.model : run.decision.model;
  const reason = `refused: ${errorInfo(error).kind}`;
  return { ...run.decision, model, provider: providerOf(model), reason };
}

/**
 * What an admission failure is thrown as. The budget store stops with the signal's reason (a DOMException or the
 * caller's own value) when the signal aborts while it reserves; the pipeline promises kinded errors, so that becomes
 * `RoutingError` `aborted` carrying the reason as `cause`. Kinded errors (a budget refusal, a store failure) stay.
 */
function admissionError(error: unknown, signal: AbortSignal | undefined, context: RouteContext): unknown {
  if (signal?.aborted !== true || ClawftError.is(error)) return error;
  return new RoutingError({
    kind: 'aborted',
    message:
      'The request was aborted while it was being admitted (rate limit, routing, budget reservation); no provider was called.',
    ...(context.senderId === undefined ? {} : { senderId: context.senderId }),
    cause: error,
  });
}
