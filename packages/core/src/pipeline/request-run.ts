import {
  type ChatMessage,
  type ChatRequest,
  type LlmResponse,
  NOT_ESCALATED_PROVIDER_KINDS,
  ProviderError,
  type RoutingDecision,
  RoutingError,
  type StreamPartHandler,
} from '@clawft/types';
import type { Reservation } from '../cost/cost-tracker.js';
import type { RouteContext } from '../routing/decide.js';
import { estimateRequestTokens } from '../routing/token-estimate.js';
import { type Admission, reserveFor } from './admit.js';
import { assembleContext } from './assemble-context.js';
import { AttemptRecorder, type RecordedAttempt } from './attempt-recorder.js';
import { attemptErrorKind, callTransport } from './call-transport.js';
import { DEFAULT_CONTEXT_TOKENS } from './context-window.js';
import type { RequestMarks } from './outcome.js';
import type { PipelineOptions } from './pipeline-options.js';

/**
 * The state of one admitted request: its current decision and reservation, the attempts recorded, and what was
 * booked. Escalates one tier up after a failure while `routing.escalation` allows.
 */
export class RequestRun {
  decision: RoutingDecision;
  decided = false;
  costUsd = 0;
  /** USD booked beyond the reservation (see `LedgerEntry.overrunUsd`). */
  costOverrunUsd = 0;
  readonly recorder: AttemptRecorder;
  readonly requestId: string;
  readonly #options: PipelineOptions;
  readonly #clock: () => number;
  readonly #request: ChatRequest;
  #reservation: Reservation | undefined;

  constructor(
    options: PipelineOptions,
    clock: () => number,
    request: ChatRequest,
    requestId: string,
    decision: RoutingDecision,
  ) {
    this.#options = options;
    this.#clock = clock;
    this.#request = request;
    this.requestId = requestId;
    this.decision = decision;
    this.recorder = new AttemptRecorder({
      clock,
      inputTokens: estimateRequestTokens(request),
      onClose: (attempt) => this.#book(attempt),
    });
  }

  async call(
    admission: Admission,
    context: RouteContext,
    marks: RequestMarks,
    signal: AbortSignal | undefined,
    onPart: StreamPartHandler | undefined,
  ): Promise<LlmResponse> {
    this.decision = admission.decision;
    this.decided = true;
    this.#reservation = admission.reservation;
    let escalations = admission.decision.escalated ? 1 : 0;
    const tried = new Set<string>();
    for (;;) {
      tried.add(this.decision.model);
      const messages = this.#assemble(marks);
      // The attempt starts where fitting the context ended, before the transport is resolved, so wiring a provider
      // on first use is timed too.
      this.recorder.begin(this.decision.provider, this.decision.model, marks.lastMs);
      try {
        const call = this.#options.transport.callFor(this.decision, {
          onTargetAttempt: (report) => this.recorder.report(report),
        });
        return await callTransport({
          call,
          request: { ...this.#request, messages },
          recorder: this.recorder,
          signal,
          onPart,
        });
      } catch (error) {
        this.recorder.fail({ kind: attemptErrorKind(error) });
        if (
          signal?.aborted === true ||
          !(await this.#escalate(error, admission, context, tried, escalations))
        )
          throw error;
        escalations += 1;
      } finally {
        marks.lastMs = this.recorder.attempts.at(-1)?.endMs ?? marks.lastMs;
      }
    }
  }

  /** Fits the context to the current model; time since the last stage (escalation's re-routing) counts as routing. */
  #assemble(marks: RequestMarks): ChatMessage[] {
    const started = this.#clock();
    marks.routeMs += started - marks.lastMs;
    try {
      const maxContextTokens = this.#options.contextWindow?.(this.decision) ?? DEFAULT_CONTEXT_TOKENS;
      return assembleContext(this.#request, {
        maxContextTokens,
        reserveOutputTokens: this.#request.maxTokens ?? 0,
      }).messages;
    } finally {
      marks.lastMs = this.#clock();
      marks.assembleMs += marks.lastMs - started;
    }
  }

  /** Releases what the reservation still holds. Idempotent. */
  release(): void {
    if (this.#reservation === undefined) return;
    this.#options.costTracker.release(this.#reservation);
    this.#reservation = undefined;
  }

  /** Moves to a model one tier up when escalation allows and its budget fits; false to give up. */
  async #escalate(
    error: unknown,
    admission: Admission,
    context: RouteContext,
    tried: ReadonlySet<string>,
    escalations: number,
  ): Promise<boolean> {
    const escalation = this.#options.escalation;
    if (escalation === undefined || !escalation.enabled || !escalation.onFailure) return false;
    if (escalations >= escalation.maxEscalations) return false;
    if (!ProviderError.is(error) || NOT_ESCALATED_PROVIDER_KINDS.has(error.kind)) return false;
    const next = this.#options.router.escalate(this.decision, context, tried);
    if (next === undefined) return false;
    this.release();
    const reserved = await reserveFor(
      this.#options.costTracker,
      next,
      admission.profile,
      this.#request,
      this.requestId,
    );
    if (RoutingError.is(reserved)) return false;
    this.#reservation = reserved;
    this.decision = next;
    return true;
  }

  /** Books a closed attempt to the sender; an attempt skipped by an open circuit never reached a provider. */
  #book(attempt: RecordedAttempt): void {
    if (this.#reservation === undefined || attempt.errorKind === 'circuit-open') return;
    const entry = this.#options.costTracker.book(this.#reservation, {
      provider: attempt.provider,
      model: attempt.model,
      attempt: attempt.attempt,
      usage: attempt.usage,
      usageReported: attempt.usageReported,
      success: attempt.success,
      ...(attempt.errorKind === undefined ? {} : { errorKind: attempt.errorKind }),
    });
    this.costUsd += entry.costUsd;
    this.costOverrunUsd += entry.overrunUsd ?? 0;
  }
}
