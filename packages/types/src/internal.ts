// `@clawft/types/internal`: shared primitives that llm and services both use. Not a contract for users: the
// surface may change in any release. Pinned by test/exports.test.ts like the main entry.

export { type Backoff, backoffDelayMs } from './backoff/backoff-delay.js';
export { type LinkedSignal, linkSignals } from './signals/link-signals.js';
export { type ReadSseEventsOptions, readSseEvents } from './sse/read-sse-events.js';
export { SseError, type SseErrorKind, type SseErrorOptions } from './sse/sse-error.js';
export { type SseEvent, SseParser, type SseParserOptions, type SseSink } from './sse/sse-parser.js';
