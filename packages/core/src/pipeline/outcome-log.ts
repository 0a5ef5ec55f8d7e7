import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ResponseOutcome } from '@clawft/types';
import type { OutcomeListener } from './pipeline-options.js';

/** An observer that appends outcomes to a file, and a way to wait for the writes. */
export interface OutcomeLog {
  listener: OutcomeListener;
  /** Resolves when every outcome seen so far is in the file. */
  flush(): Promise<void>;
}

/**
 * Appends every `ResponseOutcome` as one JSON line (with its `requestId`) to `file` — config.json
 * `observability.outcomesFile`. Writes are chained in order and never block the request; a failed write is
 * reported to `onError` and the log carries on.
 *
 * @example
 * const log = createOutcomeLog({ file: join(workspace, 'outcomes.jsonl') });
 * pipeline.onOutcome(log.listener);
 */
export function createOutcomeLog(options: { file: string; onError?: (error: unknown) => void }): OutcomeLog {
  let tail: Promise<void> = mkdir(dirname(options.file), { recursive: true }).then(
    () => undefined,
    (error: unknown) => options.onError?.(error),
  );
  const append = (outcome: ResponseOutcome, requestId: string) => {
    const line = `${JSON.stringify({ requestId, ...outcome })}\n`;
    tail = tail
      .then(() => appendFile(options.file, line, { mode: 0o600 }))
      .catch((error: unknown) => options.onError?.(error));
  };
  return {
    listener: (outcome, details) => append(outcome, details.requestId),
    flush: () => tail,
  };
}
