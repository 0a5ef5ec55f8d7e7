import { ProviderError } from '../errors/provider-error.js';
import { type ChatRequest, type ChatRequestInput, ChatRequestSchema } from './chat.js';

/** Who is being asked, for the error. */
export interface ParseChatRequestContext {
  provider: string;
}

const fieldOf = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : `${text}.${String(segment)}`),
    'request',
  );

/**
 * A request as users write it (`{ model, messages }`; defaults such as `tools: []` left out) checked and with
 * its defaults filled in. Providers call it once at their entry, so a malformed value fails before any I/O.
 *
 * @throws ProviderError of kind `invalid-request` (never retried) naming each offending field, e.g.
 *   `request.messages[0].content: Invalid input: expected string, received number`.
 * @example
 * const request = parseChatRequest({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, { provider: 'openai' });
 * request.tools; // []
 */
export function parseChatRequest(request: ChatRequestInput, context: ParseChatRequestContext): ChatRequest {
  const result = ChatRequestSchema.safeParse(request);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => `${fieldOf(issue.path)}: ${issue.message}`);
  const model =
    typeof request === 'object' && request !== null && typeof request.model === 'string' ? request.model : '';
  return invalid(context.provider, model, fields);
}

function invalid(provider: string, model: string, fields: readonly string[]): never {
  throw new ProviderError({
    kind: 'invalid-request',
    provider,
    model,
    phase: 'before-headers',
    message: `${provider}: the request is malformed (fix these fields): ${fields.join('; ')}`,
  });
}
