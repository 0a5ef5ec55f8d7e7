import {
  type ChatRequest,
  type ChatRequestInput,
  type LlmProvider,
  ProviderError,
  type StreamOptions,
  type StreamPart,
  type Timeouts,
  TimeoutsSchema,
} from '@clawft/types';
import type { SseEvent } from '@clawft/types/internal';
import type { Dispatcher } from 'undici';
import { sharedAgent } from '../http/shared-agent.js';
import type { FailoverHint } from '../retry/failover-hint.js';
import { applyPartHandler } from '../stream/apply-part-handler.js';
import { flattenBatches } from '../stream/flatten-batches.js';
import { type BatchCallOptions, type PartBatch, withBatchStream } from '../stream/part-batches.js';
import { collectResponse } from './collect-response.js';
import { providerModel } from './model-id.js';
import { withParsedRequest } from './parsed-request.js';
import { streamCall } from './stream-call.js';
import type { WireAdapter } from './wire-adapter.js';

/** Call options a clawft provider also accepts: the retry layer numbers attempts through it. */
export interface ProviderCallOptions extends StreamOptions {
  /** 1-based attempt number stamped on every part. @default 1 */
  attempt?: number;
  /** Set by `withFailover` for the target it calls; read by `withRetry` (fewer retries when a target remains). */
  failover?: FailoverHint;
}

/** Options shared by both HTTP providers. */
export interface HttpProviderOptions {
  /** Slot name: used in errors and parts, and stripped from `id/model` request models. */
  id?: string;
  /** Base URL; the API path (`/chat/completions`, `/messages`) is appended. */
  baseUrl?: string;
  /** Sent as `Authorization: Bearer` (OpenAI-compatible) or `x-api-key` (Anthropic). */
  apiKey?: string | undefined;
  /** Values besides `apiKey` never quoted in an error message (credential header values, URL credentials). */
  secrets?: readonly string[];
  /** Extra headers for every request. @default {} */
  headers?: Readonly<Record<string, string>>;
  /** Timers in ms (0 disables one). @default TimeoutsSchema defaults: headers 60000, first token 60000, idle 30000, total 600000, connect 10000 */
  timeouts?: Partial<Timeouts>;
  /** undici dispatcher, e.g. a test's own `Agent`. @default the shared keep-alive agent */
  dispatcher?: Dispatcher;
  /** Accepts a trailing assistant message and continues it. @default false (OpenAI), true (Anthropic) */
  assistantPrefill?: boolean;
  /**
   * Tolerant mode: unreadable output events skipped before the call fails with `malformed-response`. Each skipped
   * event is counted in the `finish` part's and the response's `droppedEvents`. @default 0 (any unreadable event
   * fails the call, which retry and failover then handle like a cut stream)
   */
  maxMalformedEvents?: number;
  /** Called with each unreadable event (skipped or not). */
  onMalformedEvent?: (event: SseEvent) => void;
  /** The most bytes one SSE event may hold; a larger one fails the call with `malformed-response`. @default 16777216 (16 MiB) */
  maxEventBytes?: number;
  /** Called with each event of a type the decoder does not know (ignored: APIs add event types). */
  onIgnoredEvent?: (event: SseEvent) => void;
  /** Refuse calls with `not-configured` when `apiKey` is missing; `apiKeyHint` names where a key comes from. */
  requireApiKey?: { apiKeyHint: string };
}

/**
 * Builds an `LlmProvider` over one wire API. `complete()` folds the same stream `stream()` yields; `stream()` is
 * the batch stream (one batch per network chunk, for clawft's own wrappers) read part by part.
 */
export function createHttpProvider(
  adapter: WireAdapter,
  options: HttpProviderOptions & { id: string; baseUrl: string },
): LlmProvider {
  const timeouts = TimeoutsSchema.parse(options.timeouts ?? {});
  const fixed = {
    adapter,
    baseUrl: checkedBaseUrl(options.baseUrl),
    headers: { ...options.headers, ...adapter.authHeaders(options.apiKey) },
    dispatcher: options.dispatcher ?? sharedAgent(timeouts.connectMs),
    timeouts,
    apiKey: options.apiKey,
    secrets: options.secrets,
    maxMalformedEvents: options.maxMalformedEvents ?? 0,
    onMalformedEvent: options.onMalformedEvent,
    maxEventBytes: options.maxEventBytes,
    onIgnoredEvent: options.onIgnoredEvent,
  };
  const batches = (input: ChatRequestInput, callOptions: BatchCallOptions): AsyncIterable<PartBatch> =>
    withParsedRequest(input, options.id, (request) => streamRequest(request, callOptions));
  const provider: LlmProvider = {
    id: options.id,
    capabilities: { assistantPrefill: options.assistantPrefill ?? adapter.api === 'anthropic' },
    stream(input: ChatRequestInput, callOptions: ProviderCallOptions = {}): AsyncIterable<StreamPart> {
      const { onPart, ...rest } = callOptions;
      if (onPart === undefined) return flattenBatches(batches(input, rest));
      // onPart (D7): awaited per part, `false` stops and aborts the request; see applyPartHandler.
      const parts = (signal: AbortSignal) => flattenBatches(batches(input, { ...rest, signal }));
      return applyPartHandler(parts, callOptions);
    },
    complete: (request, callOptions = {}) => collectResponse(provider.stream(request, callOptions)),
  };
  function streamRequest(request: ChatRequest, callOptions: BatchCallOptions): AsyncIterable<PartBatch> {
    const model = providerModel(options.id, request.model);
    if (options.requireApiKey !== undefined && !options.apiKey) {
      return refuse(notConfigured(options.id, model, options.requireApiKey.apiKeyHint));
    }
    const origin = { attempt: callOptions.attempt ?? 1, provider: options.id, model };
    return streamCall({ ...fixed, request, origin, signal: callOptions.signal });
  }
  return withBatchStream(provider, batches);
}

/** The base URL, checked once: an absolute http(s) URL (its query string is kept, see `joinUrl`). */
function checkedBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(
      `baseUrl must be an absolute URL such as "https://api.openai.com/v1", got ${JSON.stringify(baseUrl)}`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`baseUrl must use http: or https:, got ${JSON.stringify(baseUrl)}`);
  }
  return baseUrl;
}

function notConfigured(provider: string, model: string, apiKeyHint: string): ProviderError {
  return new ProviderError({
    kind: 'not-configured',
    provider,
    model,
    phase: 'before-headers',
    message: `${provider} has no API key: ${apiKeyHint}`,
  });
}

async function* refuse(error: ProviderError): AsyncGenerator<PartBatch, void, undefined> {
  yield* [];
  throw error;
}
