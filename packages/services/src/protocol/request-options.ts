import { McpServerSchema } from '@clawft/types';

/** The per-request timeout when neither the call nor the session sets one, in ms: config's `timeoutMs` default. */
export const DEFAULT_REQUEST_TIMEOUT_MS: number = McpServerSchema.shape.timeoutMs.parse(undefined);

/** One `notifications/progress` update for a request. */
export interface Progress {
  progress: number;
  total?: number | undefined;
  message?: string | undefined;
}

/** Options for one request. */
export interface RequestOptions {
  /** Time allowed for the response, in ms. @default the session's `timeoutMs` (60000) */
  timeoutMs?: number;
  /** Aborting rejects with McpError `aborted` and sends `notifications/cancelled` (never for `initialize`). */
  signal?: AbortSignal;
  /** Receives progress updates; setting it adds `_meta.progressToken` to the request. */
  onProgress?: (progress: Progress) => void;
  /** Restart the `timeoutMs` clock on every progress update. @default false */
  resetTimeoutOnProgress?: boolean;
  /** Hard limit in ms that progress never extends. @default none */
  maxTotalTimeoutMs?: number;
}
