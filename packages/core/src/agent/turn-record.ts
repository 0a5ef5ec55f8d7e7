import {
  type ErrorInfo,
  emptyUsage,
  type ResponseOutcome,
  type TurnEnd,
  type TurnLlmCall,
  type TurnOutcome,
  type TurnToolCall,
  type Usage,
} from '@clawft/types';
import { addUsage } from '../cost/cost-ledger.js';
import type { ToolCallReport } from '../tools/tool-batch.js';
import type { TurnClock } from './turn-clock.js';

/** The smallest latency reported (a measured turn never takes 0 ms). */
const CLOCK_RESOLUTION_MS = 0.001;

/** What one turn has used so far: model calls, tool calls, usage and cost. */
export class TurnRecord {
  readonly llmCalls: TurnLlmCall[] = [];
  readonly tools: TurnToolCall[] = [];
  usage: Usage = emptyUsage();
  costUsd = 0;
  model: string | undefined;
  firstTokenMs: number | undefined;

  /** Books one pipeline call from its outcome (absent when the call failed before the pipeline ran it). */
  addCall(
    iteration: number,
    span: { startMs: number; durationMs: number; firstTokenAtMs: number | undefined },
    outcome: ResponseOutcome | undefined,
  ): void {
    const attempts = outcome?.timings.attempts ?? [];
    const last = attempts.at(-1);
    if (outcome !== undefined) {
      this.usage = addUsage(this.usage, outcome.usage);
      this.costUsd += outcome.costUsd;
      if (outcome.success) this.model = last?.model ?? outcome.decision.model;
    }
    if (span.firstTokenAtMs !== undefined) this.firstTokenMs ??= span.firstTokenAtMs;
    this.llmCalls.push({
      iteration,
      startMs: span.startMs,
      durationMs: span.durationMs,
      ...(span.firstTokenAtMs === undefined ? {} : { firstTokenMs: span.firstTokenAtMs }),
      attempts: attempts.length,
      ...(last === undefined ? {} : { provider: last.provider, model: last.model }),
      success: outcome?.success ?? false,
      ...(outcome?.error === undefined ? {} : { errorKind: outcome.error.kind }),
      costUsd: outcome?.costUsd ?? 0,
    });
  }

  addTools(iteration: number, reports: readonly ToolCallReport[]): void {
    for (const report of reports) {
      this.tools.push({
        iteration,
        callId: report.callId,
        name: report.name,
        durationMs: report.durationMs,
        lockWaitMs: report.lockWaitMs,
        isError: report.result.isError,
        timedOut: report.timedOut,
      });
    }
  }

  /** The outcome as of the clock's last lap. */
  outcome(options: {
    clock: TurnClock;
    end: TurnEnd;
    content: string;
    iterations: number;
    error?: ErrorInfo;
    published: boolean;
  }): TurnOutcome {
    const { clock } = options;
    const totals = clock.totals;
    return {
      end: options.end,
      success: options.end === 'answered',
      ...(options.error === undefined ? {} : { error: options.error }),
      content: options.content,
      iterations: options.iterations,
      ...(this.model === undefined ? {} : { model: this.model }),
      attempts: this.llmCalls.reduce((sum, call) => sum + call.attempts, 0),
      usage: this.usage,
      costUsd: this.costUsd,
      latencyMs: Math.max(CLOCK_RESOLUTION_MS, clock.elapsed()),
      timings: {
        queueMs: totals.queue,
        contextMs: totals.context,
        ...(this.firstTokenMs === undefined ? {} : { firstTokenMs: this.firstTokenMs }),
        llmMs: totals.llm,
        toolsMs: totals.tools,
        persistMs: totals.persist,
        publishMs: totals.publish,
        llmCalls: [...this.llmCalls],
        tools: [...this.tools],
      },
      published: options.published,
    };
  }
}
