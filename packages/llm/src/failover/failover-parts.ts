import type { ChatRequest, FailoverPart, ProviderError, ResetPart } from '@clawft/types';

/** Where a part comes from. */
export interface Origin {
  attempt: number;
  provider: string;
  model: string;
}

/** The `failover` part for a move from `from` to `to`. */
export function failoverPart(
  from: Origin,
  to: { provider: string; model: string },
  error: ProviderError,
): FailoverPart {
  return {
    type: 'failover',
    from: { provider: from.provider, model: from.model },
    to,
    error: error.toInfo(),
    ...from,
  };
}

/** The `reset` part that discards what a failed attempt showed. */
export function resetPart(from: Origin, discardedText: string, discardedToolCalls: number): ResetPart {
  return { type: 'reset', discardedText, discardedToolCalls, ...from };
}

/** `request` for `model`, with a trailing assistant message to continue when `prefill` is given. */
export function targetRequest(request: ChatRequest, model: string, prefill: string | undefined): ChatRequest {
  if (prefill === undefined) return { ...request, model };
  const assistant = { role: 'assistant' as const, content: prefill, toolCalls: [] };
  return { ...request, model, messages: [...request.messages, assistant] };
}
