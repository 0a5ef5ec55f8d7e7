import type { FakeAnswer, FakeInBandError, FakeUsage } from './fake-script.js';

/** An answer as SSE frames, split where faults may be injected. */
export interface RenderedAnswer {
  /** Frames before the first content chunk (role chunk, `message_start`, …). */
  head: string[];
  /** Content chunks: text pieces and tool-call fragments. Fault indexes count these. */
  chunks: string[];
  /** Finish, usage and terminal frames. */
  tail: string[];
  errorFrame(error: FakeInBandError | undefined): string;
  /** The same answer as one non-streaming JSON body. */
  json: Record<string, unknown>;
}

export function resolveUsage(answer: FakeAnswer, chunkCount: number): FakeUsage | null {
  if (answer.usage === null) return null;
  return answer.usage ?? { inputTokens: 10, outputTokens: Math.max(1, chunkCount) };
}
