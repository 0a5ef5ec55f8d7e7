import { z } from 'zod';

/** Where a provider request was when it failed. */
export const ProviderPhaseSchema = z.enum(['before-headers', 'before-first-token', 'mid-stream']);
export type ProviderPhase = z.infer<typeof ProviderPhaseSchema>;

/**
 * Plain data about an error, as carried in stream parts (`retry`, `failover`), routing outcomes and logs.
 * Produced by `ClawftError#toInfo()`.
 */
export const ErrorInfoSchema = z.object({
  name: z.string(),
  kind: z.string(),
  message: z.string(),
  retryable: z.boolean(),
  status: z.number().int().optional(),
  retryAfterMs: z.number().nonnegative().optional(),
  phase: ProviderPhaseSchema.optional(),
  provider: z.string().optional(),
  model: z.string().optional(),
});
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;
