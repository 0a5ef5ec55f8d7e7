import { setImmediate as nextTurn } from 'node:timers/promises';
import { type SseEvent, SseParser, type SseParserOptions } from './sse-parser.js';

/** Options of `readSseEvents`. */
export interface ReadSseEventsOptions extends SseParserOptions {
  /**
   * The most bytes parsed in one go: a larger chunk is parsed in slices of this size, with a turn of the event
   * loop between them, so one huge chunk never stalls timers and I/O. @default 65536
   */
  sliceBytes?: number;
  /** Stops the reading: the generator throws the signal's reason. */
  signal?: AbortSignal | undefined;
}

const DEFAULT_SLICE_BYTES = 64 * 1024;

/**
 * Reads an event stream's body to its end and yields its events, in bounded synchronous slices. An event the end of
 * input cuts before its blank line is discarded (see `SseParser.end`).
 *
 * @throws SseError `event-too-large`; the signal's reason when it aborts; TypeError for a bad `sliceBytes`.
 * @example
 * for await (const event of readSseEvents(response.body, { maxEventBytes: 4 << 20, signal })) handle(event);
 */
export async function* readSseEvents(
  chunks: AsyncIterable<Uint8Array>,
  options: ReadSseEventsOptions = {},
): AsyncGenerator<SseEvent, void, undefined> {
  const { signal } = options;
  const sliceBytes = options.sliceBytes ?? DEFAULT_SLICE_BYTES;
  if (!Number.isInteger(sliceBytes) || sliceBytes < 1) {
    throw new TypeError(
      `readSseEvents: sliceBytes must be a positive whole number, got ${String(sliceBytes)}`,
    );
  }
  const parser = new SseParser(options);
  for await (const chunk of chunks) {
    for (let start = 0; start < chunk.length; start += sliceBytes) {
      // One macrotask between slices: short, so the signal is checked after it rather than raced.
      if (start > 0) await nextTurn();
      signal?.throwIfAborted();
      yield* parser.push(chunk.subarray(start, start + sliceBytes));
    }
  }
  parser.end();
}
