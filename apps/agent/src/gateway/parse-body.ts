import type { z } from 'zod';
import { errorBody } from './gateway-context.js';
import type { GatewayErrorBody } from './openai-schemas.js';

/**
 * Validates a request body with its zod schema; a bad body gives a 400 body naming the first field at fault.
 *
 * @example
 * const body = parseBody(ChatCompletionRequestSchema, request.body);
 * if (!body.ok) return reply.code(400).send(body.error);
 */
export function parseBody<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { ok: true; data: z.infer<S> } | { ok: false; error: GatewayErrorBody } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0];
  const param = issue === undefined || issue.path.length === 0 ? 'body' : issue.path.join('.');
  const message = `${param}: ${issue?.message ?? 'invalid'}; see docs/guides/gateway.md for the request shape`;
  return { ok: false, error: errorBody('invalid-request', message, { param }) };
}
