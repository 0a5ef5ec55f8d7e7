import { ResponseFold } from '@clawft/llm';
import {
  type ChatRequest,
  ClawftError,
  callPartHandler,
  type ErrorInfo,
  type LlmResponse,
  ProviderError,
  type StreamPartHandler,
} from '@clawft/types';
import { linkSignals } from '@clawft/types/internal';
import type { AttemptRecorder } from './attempt-recorder.js';
import type { TransportCall } from './llm-transport.js';

/**
 * Streams one transport call (the recorder's attempt must have begun), feeding every part to the attempt recorder
 * and to `onPart` (awaited: a slow consumer slows the read; `false` stops the call), and assembles the answer.
 *
 * @throws ProviderError from the provider; `aborted` when `signal` aborts or `onPart` returns `false`.
 */
export async function callTransport(options: {
  call: TransportCall;
  request: ChatRequest;
  recorder: AttemptRecorder;
  signal?: AbortSignal | undefined;
  onPart?: StreamPartHandler | undefined;
}): Promise<LlmResponse> {
  const { call, recorder, onPart } = options;
  // Our own signal, following the caller's (unlinked at the end, so a long-lived caller signal does not collect a
  // listener per call), lets `onPart` stop the call.
  const stop = linkSignals(options.signal);
  const collector = new ResponseFold();
  try {
    for await (const part of call.provider.stream(
      { ...options.request, model: call.model },
      { signal: stop.signal },
    )) {
      recorder.accept(part);
      collector.accept(part);
      if (onPart !== undefined && (await callPartHandler(onPart, part)) === false) {
        stop.abort();
        throw stoppedError(call);
      }
    }
    const response = collector.response({ provider: call.providerId, model: call.model });
    recorder.succeed();
    return response;
  } catch (error) {
    recorder.fail({ kind: attemptErrorKind(error) });
    throw error;
  } finally {
    stop.unlink();
  }
}

/** The error kind of the attempt that failed last: for `all-providers-failed`, that of its last attempt. */
export function attemptErrorKind(error: unknown): string {
  if (ProviderError.is(error) && error.kind === 'all-providers-failed')
    return error.attempts.at(-1)?.kind ?? error.kind;
  return errorInfo(error).kind;
}

/** Plain data for any thrown value. */
export function errorInfo(error: unknown): ErrorInfo {
  if (ClawftError.is(error)) return error.toInfo();
  const name = error instanceof Error ? error.name : 'Error';
  return {
    name,
    kind: 'unknown',
    message: error instanceof Error ? error.message : String(error),
    retryable: false,
  };
}

function stoppedError(call: TransportCall): ProviderError {
  return new ProviderError({
    kind: 'aborted',
    message: 'The stream consumer returned false; the call was stopped.',
    provider: call.providerId,
    model: call.model,
    phase: 'mid-stream',
  });
}
