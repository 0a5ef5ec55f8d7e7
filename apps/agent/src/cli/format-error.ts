import { ClawftError, ConfigError } from '@clawft/types';

/**
 * The text printed for a failure: a `ConfigError` already lists every issue in its message; other clawft errors
 * print their kind and message. Never a stack trace.
 */
export function formatError(error: unknown): string {
  if (ConfigError.is(error)) return `clawft: ${error.message}\n`;
  if (ClawftError.is(error)) return `clawft: ${error.kind}: ${error.message}\n`;
  return `clawft: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`;
}
