import {
  type ChatRequest,
  emptyUsage,
  type FinishReason,
  type LlmProvider,
  ProviderError,
  type ProviderErrorKind,
  parseChatRequest,
  type StreamPart,
  type ToolCall,
  type Usage,
} from '@clawft/types';
import { providerModel } from '../providers/model-id.js';
import { applyPartHandler } from '../stream/apply-part-handler.js';

/** A complete answer, streamed as one `text-delta` per chunk, then tool calls, usage and `finish`. */
export interface ScriptedAnswer {
  type: 'answer';
  /** Text pieces, each one `text-delta`. @default [] */
  chunks?: readonly string[];
  toolCalls?: readonly ToolCall[];
  /** @default { inputTokens: 10, outputTokens: <chunk count> } */
  usage?: Usage;
  /** @default "stop", or "tool-calls" when there are tool calls */
  finishReason?: FinishReason;
  /** Model reported in parts and the response. @default the request's model without a leading `<id>/` */
  model?: string;
  /** Wait before each chunk, in ms (abortable). @default 0 */
  chunkDelayMs?: number;
}

/** A failure: `chunks` (and `toolCalls`, `usage`) are streamed first, then the error is thrown. */
export interface ScriptedFailure {
  type: 'fail';
  kind: ProviderErrorKind;
  /** Parts streamed before failing (a mid-stream failure when not empty). @default [] */
  chunks?: readonly string[];
  /** Complete tool calls streamed before failing (they must never reach a failover consumer). */
  toolCalls?: readonly ToolCall[];
  /** A usage part streamed before failing. */
  usage?: Usage;
  status?: number;
  retryAfterMs?: number;
  retryWaitTooLong?: boolean;
  chunkDelayMs?: number;
}

/** Streams `chunks`, then waits until the call is aborted. */
export interface ScriptedStall {
  type: 'stall';
  chunks?: readonly string[];
}

export type ScriptedTurn = ScriptedAnswer | ScriptedFailure | ScriptedStall;

export interface ScriptedProviderOptions {
  /** @default "scripted" */
  id?: string;
  /** @default false */
  assistantPrefill?: boolean;
  /** One turn per call, in order (the last repeats), or a function of the request and the 0-based call number. */
  turns: readonly ScriptedTurn[] | ((request: ChatRequest, call: number) => ScriptedTurn);
}

/** A scripted provider plus the requests it received. */
export interface ScriptedProvider extends LlmProvider {
  readonly requests: ChatRequest[];
}

/**
 * An in-process `LlmProvider` that plays scripted turns: answers, failures before or in the middle of a stream, and
 * stalls. No sockets or timers beyond `chunkDelayMs`; it honours `signal` (throws `aborted`) and `onPart`.
 *
 * @example
 * const primary = createScriptedProvider({ id: 'a', turns: [{ type: 'fail', kind: 'network', chunks: ['Hel'] }] });
 */
export function createScriptedProvider(options: ScriptedProviderOptions): ScriptedProvider {
  const id = options.id ?? 'scripted';
  const requests: ChatRequest[] = [];
  const next = (request: ChatRequest): ScriptedTurn => {
    const call = requests.push(request) - 1;
    const { turns } = options;
    const turn = typeof turns === 'function' ? turns(request, call) : turns[Math.min(call, turns.length - 1)];
    if (turn === undefined) throw new TypeError('createScriptedProvider needs at least one turn');
    return turn;
  };
  return {
    id,
    capabilities: { assistantPrefill: options.assistantPrefill ?? false },
    requests,
    stream: (input, streamOptions = {}) => {
      const request = parseChatRequest(input, { provider: id });
      const turn = next(request);
      const parts = (signal: AbortSignal | undefined) => play(id, turn, request, signal);
      return streamOptions.onPart === undefined
        ? parts(streamOptions.signal)
        : applyPartHandler(parts, streamOptions);
    },
    complete: async (input, callOptions) => {
      const request = parseChatRequest(input, { provider: id });
      const response = {
        content: '',
        toolCalls: [] as ToolCall[],
        usage: emptyUsage(),
        model: request.model,
      };
      for await (const part of play(id, next(request), request, callOptions?.signal)) {
        if (part.type === 'text-delta') response.content += part.text;
        if (part.type === 'tool-call') response.toolCalls.push(part.toolCall);
        if (part.type === 'finish') {
          return {
            ...response,
            usage: part.usage,
            finishReason: part.finishReason,
            model: part.model,
            provider: id,
          };
        }
      }
      throw new TypeError('unreachable: a scripted answer always finishes');
    },
  };
}

async function* play(
  id: string,
  turn: ScriptedTurn,
  request: ChatRequest,
  signal: AbortSignal | undefined,
): AsyncGenerator<StreamPart> {
  const model = (turn.type === 'answer' ? turn.model : undefined) ?? providerModel(id, request.model);
  const origin = { attempt: 1, provider: id, model };
  const delayMs = turn.type === 'stall' ? 0 : (turn.chunkDelayMs ?? 0);
  for (const text of turn.chunks ?? []) {
    await pause(delayMs, signal, origin);
    yield { type: 'text-delta', text, ...origin };
  }
  if (turn.type === 'stall') {
    await pause(Number.POSITIVE_INFINITY, signal, origin);
    return;
  }
  for (const toolCall of turn.toolCalls ?? []) yield { type: 'tool-call', toolCall, ...origin };
  if (turn.type === 'fail') {
    if (turn.usage !== undefined) yield { type: 'usage', usage: turn.usage, ...origin };
    throw scriptedError(turn, origin, (turn.chunks?.length ?? 0) > 0);
  }
  const usage = turn.usage ?? { ...emptyUsage(), inputTokens: 10, outputTokens: turn.chunks?.length ?? 0 };
  yield { type: 'usage', usage, ...origin };
  const finishReason = turn.finishReason ?? ((turn.toolCalls?.length ?? 0) > 0 ? 'tool-calls' : 'stop');
  yield { type: 'finish', finishReason, usage, ...origin };
}

function scriptedError(
  turn: ScriptedFailure,
  origin: { provider: string; model: string },
  midStream: boolean,
) {
  return new ProviderError({
    kind: turn.kind,
    message: `scripted ${turn.kind} from ${origin.provider}`,
    provider: origin.provider,
    model: origin.model,
    phase: midStream ? 'mid-stream' : 'before-headers',
    ...(turn.status === undefined ? {} : { status: turn.status }),
    ...(turn.retryAfterMs === undefined ? {} : { retryAfterMs: turn.retryAfterMs }),
    ...(turn.retryWaitTooLong === undefined ? {} : { retryWaitTooLong: turn.retryWaitTooLong }),
  });
}

/** Waits `ms` (0: a microtask turn only), rejecting with `aborted` when `signal` fires. */
function pause(ms: number, signal: AbortSignal | undefined, origin: { provider: string; model: string }) {
  const aborted = () =>
    new ProviderError({ kind: 'aborted', message: 'scripted call aborted', phase: 'mid-stream', ...origin });
  if (signal?.aborted === true) return Promise.reject(aborted());
  if (ms === 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = Number.isFinite(ms)
      ? setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, ms)
      : undefined;
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
