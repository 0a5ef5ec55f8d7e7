import type { ChatRequestInput, LlmProvider, StreamPart } from '@clawft/types';
import type { ProviderCallOptions } from '../providers/create-http-provider.js';

/** Call options of a batch stream: no `onPart` (a handler sees parts one by one; `streamBatches` sees to that). */
export type BatchCallOptions = Omit<ProviderCallOptions, 'onPart'>;

/** The parts of one batch, in order. Owned by the reader once yielded: the producer never touches it again. */
export type PartBatch = readonly StreamPart[];

/** A provider's stream as batches of parts (one batch per network chunk for the HTTP providers). */
export type BatchStream = (request: ChatRequestInput, options: BatchCallOptions) => AsyncIterable<PartBatch>;

/**
 * The batch streams of clawft's own providers and wrappers, by provider object, with the `stream` they stand for.
 * Internal, and deliberately not a property: a user's wrapper made by spreading a provider and replacing `stream`
 * (`{ ...provider, stream }`) would copy a symbol-keyed method and have its `stream` bypassed. Here a batch stream
 * is used only for the very object it was registered for, and only while its `stream` is still the registered one.
 */
const registered = new WeakMap<LlmProvider, { stream: LlmProvider['stream']; batches: BatchStream }>();

/** Registers `batches` as `provider`'s batch stream: the same parts as `provider.stream`, in batches. */
export function withBatchStream<P extends LlmProvider>(provider: P, batches: BatchStream): P {
  registered.set(provider, { stream: provider.stream, batches });
  return provider;
}

/**
 * The provider's stream as batches of parts: its registered batch stream when it has one and no `onPart` handler
 * is given, else its `stream()` read one part at a time, each part a batch of one (`LlmProvider.stream` is the
 * contract; any provider works). Either way the same parts, in order.
 */
export function streamBatches(
  provider: LlmProvider,
  request: ChatRequestInput,
  options: ProviderCallOptions = {},
): AsyncIterable<PartBatch> {
  const entry = options.onPart === undefined ? registered.get(provider) : undefined;
  if (entry !== undefined && entry.stream === provider.stream) return entry.batches(request, options);
  return oneByOne(provider.stream(request, options));
}

async function* oneByOne(parts: AsyncIterable<StreamPart>): AsyncGenerator<PartBatch, void, undefined> {
  for await (const part of parts) yield [part];
}
