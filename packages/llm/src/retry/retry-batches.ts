import type { ChatRequestInput, LlmProvider, StreamPart } from '@clawft/types';
import { type BatchCallOptions, type PartBatch, streamBatches } from '../stream/part-batches.js';
import { type RetryEvent, RetryRun, type RetrySettings } from './retry-run.js';

/** Parts that are output: once one was yielded, a stream is not retried. */
const OUTPUT_PARTS: ReadonlySet<StreamPart['type']> = new Set(['text-delta', 'reasoning-delta', 'tool-call']);

/**
 * `withRetry`'s stream, batch by batch: each attempt's batches stamped with the attempt number, a `retry` part
 * (a batch of one) before each wait, and no retry once a batch carried output (text, reasoning, a tool call).
 */
export async function* retryBatches(
  provider: LlmProvider,
  settings: RetrySettings,
  request: ChatRequestInput,
  callOptions: BatchCallOptions,
): AsyncGenerator<PartBatch, void, undefined> {
  const run = new RetryRun(settings, callOptions.signal, callOptions.failover);
  for (let attempt = 1; ; attempt += 1) {
    let produced = false;
    const attemptOptions: BatchCallOptions = { ...callOptions, attempt };
    let batches: AsyncIterator<PartBatch> | undefined;
    try {
      batches = streamBatches(provider, request, attemptOptions)[Symbol.asyncIterator]();
      for (let next = await batches.next(); next.done !== true; next = await batches.next()) {
        const stamped = stampedWith(next.value, attempt);
        yield stamped;
        // Only output ends the retrying: a usage part (servers that report usage on every chunk) is not output.
        if (!hasOutput(stamped)) continue;
        produced = true;
        if (stamped !== next.value) continue;
        // No retry from here on, and the provider stamps its own attempt: hand the rest over as it is.
        const rest = batches;
        yield* { [Symbol.asyncIterator]: () => rest };
        break;
      }
      run.succeeded();
      return;
    } catch (error) {
      if (produced) throw run.finalFailure(error);
      const retry = run.failed(error, attempt);
      yield [retryPart(retry)];
      await run.wait(retry);
    } finally {
      // A consumer that stopped early, or a failed attempt: the attempt's stream is closed (a no-op once done).
      await batches?.return?.()?.catch(() => {});
    }
  }
}

/** `batch` with every part carrying `attempt`: the batch itself when they all do (the provider stamped them). */
function stampedWith(batch: PartBatch, attempt: number): PartBatch {
  for (const part of batch) {
    if (part.attempt !== attempt)
      return batch.map((each) => (each.attempt === attempt ? each : { ...each, attempt }));
  }
  return batch;
}

function hasOutput(batch: PartBatch): boolean {
  for (const part of batch) if (OUTPUT_PARTS.has(part.type)) return true;
  return false;
}

/** The `retry` part announcing the wait after attempt `retry.attempt`. */
function retryPart(retry: RetryEvent): StreamPart {
  const { attempt, delayMs, error, provider, model } = retry;
  return { type: 'retry', delayMs, error, attempt, provider, model };
}
