import {
  FAILOVER_PROVIDER_KINDS,
  FailoverSchema,
  type LlmProvider,
  type ProviderError,
  type ProviderErrorKind,
  type StreamMode,
  type Usage,
} from '@clawft/types';
import type { Circuit, CircuitOptions } from '../circuit-breaker/circuit.js';

/** One failover target: a provider, optionally with the model to ask it for and a circuit shared with others. */
export interface FailoverTarget {
  provider: LlmProvider;
  /** Model sent to this target. Absent: the request's own `model`. */
  model?: string;
  /** Share one circuit between several `withFailover` chains. Absent: each chain keeps its own per target. */
  circuit?: Circuit;
}

/** How one attempt (one target) ended; reported to `onAttempt` so accounting sees every attempt's usage. */
export interface AttemptReport {
  /** 1-based number of this attempt within the failover call. */
  index: number;
  provider: string;
  model: string;
  outcome: 'success' | 'failure' | 'skipped';
  /** The failure (for `skipped`, a `circuit-open` error). */
  error?: ProviderError;
  /** Usage the target reported, also for a failed partial stream when it sent any. Absent: none was reported. */
  usage?: Usage;
  /** Characters of text the attempt streamed (shown or held). */
  textChars: number;
  durationMs: number;
}

/** Error kinds that move on to the next target by default: the retryable ones and those another target may not share. */
export const DEFAULT_FAILOVER_KINDS: readonly ProviderErrorKind[] = [...FAILOVER_PROVIDER_KINDS];

export interface FailoverOptions {
  /** What a mid-stream failure does (see README, "Failover"). @default "restart" */
  streamMode?: StreamMode;
  /** `hold` mode: output is held back until this long (ms) has passed since the attempt began… @default 1000 */
  holdMs?: number;
  /** …or this many characters of text have arrived, whichever comes first. @default 200 */
  holdChars?: number;
  /** Per-target circuit breaker settings (config.json `failover.circuitBreaker`). */
  circuitBreaker?: Omit<CircuitOptions, 'now'>;
  /** The target tried after `context-length-exceeded`. Absent: that error ends the call. */
  contextLengthTarget?: FailoverTarget | LlmProvider;
  /**
   * Error kinds that move on. `aborted` never does; `retryWaitTooLong` errors always do; `auth-failed` skips the
   * targets with the same provider id (same credentials); `context-length-exceeded` goes to `contextLengthTarget`.
   * @default DEFAULT_FAILOVER_KINDS (all but invalid-request, content-filtered, context-length-exceeded, aborted)
   */
  failoverKinds?: readonly ProviderErrorKind[];
  /** Called once per attempt as it ends, with its usage. Exceptions thrown here are ignored. */
  onAttempt?: (report: AttemptReport) => void;
  /** Provider id of the wrapper. @default "failover" */
  id?: string;
  /** Monotonic clock in ms for circuits and hold timing, injectable for tests. @default performance.now */
  now?: () => number;
}

const ModeSettingsSchema = FailoverSchema.pick({ streamMode: true, holdMs: true, holdChars: true });

/** The options with defaults applied (from `FailoverSchema`, the single home of defaults). */
export interface ResolvedFailoverOptions {
  streamMode: StreamMode;
  holdMs: number;
  holdChars: number;
  failoverKinds: ReadonlySet<ProviderErrorKind>;
  onAttempt: ((report: AttemptReport) => void) | undefined;
  now: () => number;
}

export function resolveFailoverOptions(options: FailoverOptions): ResolvedFailoverOptions {
  const mode = ModeSettingsSchema.parse({
    streamMode: options.streamMode,
    holdMs: options.holdMs,
    holdChars: options.holdChars,
  });
  return {
    ...mode,
    failoverKinds: new Set(options.failoverKinds ?? DEFAULT_FAILOVER_KINDS),
    onAttempt: options.onAttempt,
    now: options.now ?? (() => performance.now()),
  };
}
