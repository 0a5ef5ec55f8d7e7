import { type ChatRequest, type ChatRequestInput, parseChatRequest, type StreamPart } from '@clawft/types';

/**
 * `run(request)` with the request as users write it checked and its defaults filled in first, lazily: a
 * malformed request fails the first read with `invalid-request`, as every other stream error does.
 */
export async function* withParsedRequest(
  input: ChatRequestInput,
  provider: string,
  run: (request: ChatRequest) => AsyncIterable<StreamPart>,
): AsyncGenerator<StreamPart, void, undefined> {
  yield* run(parseChatRequest(input, { provider }));
}
