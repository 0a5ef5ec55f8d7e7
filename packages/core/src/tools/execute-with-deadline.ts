import type { ToolResult } from '@clawft/types';
import { errorResult, thrownResult } from './tool-result.js';

export interface DeadlineOutcome {
  result: ToolResult;
  timedOut: boolean;
}

/**
 * Runs `run` until it settles, `timeoutMs` passes, or `batchSignal` aborts — whichever comes first. On a timeout or
 * abort, `controller` is aborted and the outcome is returned at once, even if the tool ignores its signal (its
 * promise is left to settle on its own, its rejection swallowed), so the caller can release locks and permits.
 */
export function executeWithDeadline(
  tool: string,
  run: () => Promise<ToolResult>,
  controller: AbortController,
  timeoutMs: number,
  batchSignal: AbortSignal | undefined,
): Promise<DeadlineOutcome> {
  return new Promise<DeadlineOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: DeadlineOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      batchSignal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      const message = `tool "${tool}" did not finish within ${timeoutMs} ms; it was stopped. Try a smaller task or raise its timeout (tools.timeoutMs)`;
      controller.abort(new Error(message));
      finish({ result: errorResult('timeout', message), timedOut: true });
    }, timeoutMs);
    const onAbort = (): void => {
      controller.abort(batchSignal?.reason);
      finish({
        result: errorResult('aborted', `tool "${tool}" was cancelled with its turn`),
        timedOut: false,
      });
    };
    if (batchSignal?.aborted === true) onAbort();
    else batchSignal?.addEventListener('abort', onAbort, { once: true });
    invoke(tool, run).then((result) => finish({ result, timedOut: false }));
  });
}

async function invoke(tool: string, run: () => Promise<ToolResult>): Promise<ToolResult> {
  try {
    return await run();
  } catch (error) {
    return thrownResult(tool, error);
  }
}
