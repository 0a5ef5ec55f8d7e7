import type { ProviderPhase } from '@clawft/types';

/** Who failed and how far the request got; every mapped error carries it. */
export interface ErrorContext {
  provider: string;
  model: string;
  phase: ProviderPhase;
  /** Redacted from any text quoted in a message. */
  apiKey?: string | undefined;
  /** Further values redacted from any quoted text (header values, URL credentials: see `createProvider`). */
  secrets?: readonly string[] | undefined;
}
