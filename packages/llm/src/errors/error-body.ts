import { z } from 'zod';

const ErrorObjectSchema = z.object({
  type: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
  message: z.string().nullish(),
  status: z.union([z.string(), z.number()]).nullish(),
});

/**
 * Error bodies as the APIs send them: OpenAI `{error: {message, type, code}}`, Anthropic `{type: "error",
 * error: {type, message}}`, Gemini's OpenAI endpoint wraps it in a one-element array.
 */
const ErrorBodySchema = z.union([
  z.object({ error: ErrorObjectSchema }),
  z.tuple([z.object({ error: ErrorObjectSchema })]).rest(z.unknown()),
]);

/** The structured fields of an error body. */
export interface ErrorFields {
  type?: string;
  code?: string;
  message?: string;
}

/** Reads an error body (JSON text or an already parsed value); unknown shapes give no fields. */
export function parseErrorBody(body: unknown): ErrorFields {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return {};
    }
  }
  const parsed = ErrorBodySchema.safeParse(value);
  if (!parsed.success) return {};
  const error = Array.isArray(parsed.data) ? parsed.data[0].error : parsed.data.error;
  const fields: ErrorFields = {};
  if (error.type) fields.type = error.type;
  // Gemini and OpenRouter put the HTTP status in `code` and a name in `status`: prefer the name.
  const status = typeof error.status === 'string' ? error.status : undefined;
  const code = typeof error.code === 'string' ? error.code : (status ?? error.code);
  if (code !== null && code !== undefined) fields.code = String(code);
  if (error.message) fields.message = error.message;
  return fields;
}
