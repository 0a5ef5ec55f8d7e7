import { type OutboundMessage, type TurnOutcome, TurnOutcomeSchema } from '@clawft/types';

/**
 * The outcome a reply carries in `metadata.outcome` (the agent loop puts it there). A reply without one — the
 * transport's own answer to a poison message or to one dropped by `drop-oldest` — becomes a failed outcome with the
 * error it names in `metadata.error` (`kind`, `retryAfterMs`) and the time the caller waited.
 */
export function outcomeOfReply(reply: OutboundMessage, waitedMs: number): TurnOutcome {
  const parsed = TurnOutcomeSchema.safeParse(reply.metadata.outcome);
  if (parsed.success) return parsed.data;
  const error = reply.metadata.error as { kind?: unknown; retryAfterMs?: unknown } | undefined;
  const kind = typeof error?.kind === 'string' ? error.kind : 'unknown-reply';
  const retryAfterMs =
    typeof error?.retryAfterMs === 'number' && error.retryAfterMs >= 0 ? error.retryAfterMs : undefined;
  const latencyMs = Math.max(waitedMs, Number.MIN_VALUE);
  return {
    end: 'failed',
    success: false,
    error: {
      name: 'BusError',
      kind,
      message: reply.content,
      retryable: kind === 'bus-full',
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    },
    content: reply.content,
    iterations: 0,
    attempts: 0,
    usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
    costUsd: 0,
    latencyMs,
    timings: {
      queueMs: latencyMs,
      contextMs: 0,
      llmMs: 0,
      toolsMs: 0,
      persistMs: 0,
      publishMs: 0,
      llmCalls: [],
      tools: [],
    },
    published: true,
  };
}
