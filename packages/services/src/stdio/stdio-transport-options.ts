import type { Redact } from '../errors/redactor.js';
import type { McpLogger } from '../logger.js';

/** Options for `StdioTransport`. */
export interface StdioTransportOptions {
  /** Executable to spawn (looked up on the child's `PATH`). */
  command: string;
  /** @default [] */
  args?: readonly string[];
  /** Variables added on top of the safe base environment (see `buildServerEnv`). @default {} */
  env?: Readonly<Record<string, string>>;
  /** Working directory of the server. @default the current directory */
  cwd?: string;
  /** Server name for errors and logs. */
  server?: string;
  /** Largest stdout line accepted, in bytes; past it the connection fails with `message-too-large`. @default 67108864 (64 MiB) */
  maxLineBytes?: number;
  /** How much of the server's stderr to keep for error messages, in bytes. @default 8192 */
  stderrTailBytes?: number;
  /** After stdin is closed, how long `close()` waits for the server to exit before SIGTERM. @default 1000 */
  closeGraceMs?: number;
  /** After SIGTERM, how long `close()` waits before SIGKILL. @default 1000 */
  killGraceMs?: number;
  /** After the process exits, how long to wait for stdout to end (and the stderr tail). @default 30 */
  exitSettleMs?: number;
  /**
   * After stdout ends while the process still runs, how long to wait for its exit before failing as
   * `connection-closed`. A dying process often closes stdout a little before Node sees its exit (tens of ms on a
   * busy machine); waiting lets the error be `process-exited` with the exit code. @default 500
   */
  stdoutEndSettleMs?: number;
  /**
   * Run the server as the leader of its own process group (`detached`), so `close()` also ends processes it
   * started. On Linux this is `setsid`, which also gives the server its own scheduler autogroup; on a busy
   * machine that adds wake-up latency to each round trip (see docs/decisions/0038). Turn it off only for
   * servers that never start children.
   * @default true
   */
  processGroup?: boolean;
  /**
   * Applied, after the server's own secrets (secret-named `env` values, secret arguments) are taken out, to
   * everything of the server's that reaches an error or a log line: the stderr tail, skipped stdout lines,
   * spawn errors. Pass the config's secret registry here.
   * @default none (only the server's own secrets are redacted)
   */
  redact?: Redact;
  /** Non-JSON stdout lines are logged here unless `onerror` is set (a session sets it). @default consoleLogger */
  logger?: McpLogger;
}
