import { type ChatRequest, type ChatRequestInput, parseChatRequest } from '@clawft/types';

/**
 * `run(request)` with the request as users write it checked and its defaults filled in first, lazily: a
 * malformed request fails the first read with `invalid-request`, as every other stream error does.
 */
export async function* withParsedRequest<T>(
  input: ChatRequestInput,
  provider: string,
  run: (request: ChatRequest) => AsyncIterable<T>,
): AsyncGenerator<T, void, undefined> {
  yield* run(parseChatRequest(input, { provider }));
}
