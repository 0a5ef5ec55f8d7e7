import {
  callPartHandler,
  type StreamPart,
  type StreamPartHandler,
  type StreamPartVerdict,
} from '@clawft/types';
import { linkSignals } from '@clawft/types/internal';

export interface ApplyPartHandlerOptions {
  /** The caller's signal; aborting it aborts the upstream source. */
  signal?: AbortSignal | undefined;
  /** Called with each part before it is yielded; see `StreamPartHandler`. Absent: parts pass straight through. */
  onPart?: StreamPartHandler | undefined;
}

/** Why the upstream was aborted when a handler returned `false`. */
export const STOPPED_BY_HANDLER = 'stopped by onPart';

/**
 * Runs `source` with an AbortSignal linked to `options.signal` and hands every part to `options.onPart`, awaited,
 * before yielding it. So a slow async handler slows the read (backpressure: nothing is buffered), a handler that
 * returns `false` ends the stream cleanly right there (that part is not yielded) and aborts the upstream request,
 * and a handler that throws ends the stream with that error, upstream aborted. A consumer that stops iterating
 * early also aborts the upstream.
 *
 * @example
 * const parts = applyPartHandler((signal) => provider.stream(request, { signal }), { signal, onPart });
 * for await (const part of parts) render(part);
 */
export async function* applyPartHandler(
  source: (signal: AbortSignal) => AsyncIterable<StreamPart>,
  options: ApplyPartHandlerOptions = {},
): AsyncGenerator<StreamPart, void, undefined> {
  const { onPart } = options;
  const link = linkSignals(options.signal);
  let completed = false;
  try {
    for await (const part of source(link.signal)) {
      if (onPart !== undefined) {
        let verdict: Awaited<StreamPartVerdict>;
        try {
          verdict = await callPartHandler(onPart, part);
        } catch (error) {
          link.abort(error);
          throw error;
        }
        if (verdict === false) {
          link.abort(STOPPED_BY_HANDLER);
          completed = true;
          return;
        }
      }
      yield part;
    }
    completed = true;
  } finally {
    link.unlink();
    if (!completed) link.abort(STOPPED_BY_HANDLER);
  }
}
