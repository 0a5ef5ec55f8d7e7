import { z } from 'zod';

/** A JSON-RPC id as it arrives on the wire. We only send integers, but peers may echo them as strings. */
export const JsonRpcIdSchema = z.union([z.number(), z.string()]);
export type JsonRpcId = z.infer<typeof JsonRpcIdSchema>;

const ParamsSchema = z.record(z.string(), z.unknown());

export const JsonRpcRequestSchema = z.object({
  jsonrpc: z.literal('2.0'),
  id: JsonRpcIdSchema,
  method: z.string(),
  params: ParamsSchema.optional(),
});
export type JsonRpcRequest = z.infer<typeof JsonRpcRequestSchema>;

export const JsonRpcNotificationSchema = z.object({
  jsonrpc: z.literal('2.0'),
  method: z.string(),
  params: ParamsSchema.optional(),
});
export type JsonRpcNotification = z.infer<typeof JsonRpcNotificationSchema>;

export const JsonRpcResultResponseSchema = z.object({
  jsonrpc: z.literal('2.0'),
  id: JsonRpcIdSchema,
  result: z.unknown(),
});
export type JsonRpcResultResponse = z.infer<typeof JsonRpcResultResponseSchema>;

export const JsonRpcErrorObjectSchema = z.object({
  code: z.number().int(),
  message: z.string(),
  data: z.unknown().optional(),
});
export type JsonRpcErrorObject = z.infer<typeof JsonRpcErrorObjectSchema>;

export const JsonRpcErrorResponseSchema = z.object({
  jsonrpc: z.literal('2.0'),
  id: JsonRpcIdSchema.nullable(),
  error: JsonRpcErrorObjectSchema,
});
export type JsonRpcErrorResponse = z.infer<typeof JsonRpcErrorResponseSchema>;

/** Any one JSON-RPC 2.0 message. */
export type JsonRpcMessage =
  | JsonRpcRequest
  | JsonRpcNotification
  | JsonRpcResultResponse
  | JsonRpcErrorResponse;

/** A message classified by shape, so a server request is never mistaken for a response. */
export type ClassifiedMessage =
  | { type: 'request'; message: JsonRpcRequest }
  | { type: 'notification'; message: JsonRpcNotification }
  | { type: 'result'; message: JsonRpcResultResponse }
  | { type: 'error'; message: JsonRpcErrorResponse }
  | { type: 'invalid'; reason: string };

/** Standard JSON-RPC error codes used by the client. */
export const JSON_RPC_METHOD_NOT_FOUND = -32601;

/**
 * Classifies one decoded JSON value. A message with `method` is a request (with `id`) or a notification;
 * one with `result` or `error` is a response. Anything else is `invalid`.
 */
export function classifyMessage(value: unknown): ClassifiedMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { type: 'invalid', reason: 'not a JSON object' };
  }
  if ('method' in value) {
    if ('id' in value) {
      const request = JsonRpcRequestSchema.safeParse(value);
      return request.success
        ? { type: 'request', message: request.data }
        : { type: 'invalid', reason: 'malformed request' };
    }
    const notification = JsonRpcNotificationSchema.safeParse(value);
    return notification.success
      ? { type: 'notification', message: notification.data }
      : { type: 'invalid', reason: 'malformed notification' };
  }
  if ('error' in value) {
    const error = JsonRpcErrorResponseSchema.safeParse(value);
    return error.success
      ? { type: 'error', message: error.data }
      : { type: 'invalid', reason: 'malformed error' };
  }
  if ('result' in value) {
    const result = JsonRpcResultResponseSchema.safeParse(value);
    return result.success
      ? { type: 'result', message: result.data }
      : { type: 'invalid', reason: 'malformed response' };
  }
  return { type: 'invalid', reason: 'neither a request, a notification nor a response' };
}

/** The integer id a response refers to, accepting a numeric string; `undefined` when it cannot be ours. */
export function responseIdToNumber(id: JsonRpcId | null): number | undefined {
  if (typeof id === 'number') return Number.isSafeInteger(id) ? id : undefined;
  if (typeof id === 'string' && /^\d+$/.test(id)) {
    const parsed = Number(id);
    return Number.isSafeInteger(parsed) ? parsed : undefined;
  }
  return undefined;
}
