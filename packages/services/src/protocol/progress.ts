import { z } from 'zod';
import { responseIdToNumber } from '../jsonrpc/messages.js';
import type { Progress } from './request-options.js';

const ProgressParamsSchema = z.object({
  progressToken: z.union([z.number(), z.string()]),
  progress: z.number(),
  total: z.number().optional(),
  message: z.string().optional(),
});

/** `params` with `_meta.progressToken` set (other `_meta` fields kept). The token is the request id. */
export function withProgressToken(
  params: Record<string, unknown> | undefined,
  token: number,
): Record<string, unknown> {
  const meta = params?._meta;
  const base = typeof meta === 'object' && meta !== null ? meta : {};
  return { ...params, _meta: { ...base, progressToken: token } };
}

/** Reads `notifications/progress` params: the request id its token names, and the update; else `undefined`. */
export function readProgress(params: unknown): { requestId: number; update: Progress } | undefined {
  const parsed = ProgressParamsSchema.safeParse(params);
  if (!parsed.success) return undefined;
  const { progressToken, ...update } = parsed.data;
  const requestId = responseIdToNumber(progressToken);
  return requestId === undefined ? undefined : { requestId, update };
}
