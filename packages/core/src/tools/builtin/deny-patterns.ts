/**
 * Commands `exec` always refuses, whatever `tools.exec.denyPatterns` adds: wiping the root or home directory,
 * formatting or overwriting disks, powering the machine off, fork bombs, recursive permission changes on `/`.
 */
export const BUILTIN_DENY_PATTERNS: readonly RegExp[] = [
  /\brm\s+(-[a-zA-Z]+\s+)*-[a-zA-Z]*[rR][a-zA-Z]*\s+(-[a-zA-Z]+\s+)*(\/|\/\*|~|~\/|\$HOME|\*|\.)(\s|;|&|\||$)/,
  /\bmkfs(\.\w+)?\b/,
  /\bdd\b[^|;&]*\bof=\/dev\//,
  />\s*\/dev\/(sd|hd|nvme|vd|xvd|disk|mmcblk)/,
  // Only as a command (start, after ; & | or sudo), so `echo "no reboot"` still runs.
  /(^\s*|[;&|(]\s*|\bsudo\s+)(shutdown|reboot|halt|poweroff)(\s|;|&|\||$)/,
  /:\s*\(\s*\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;?\s*:/,
  /\bch(mod|own)\s+(-[a-zA-Z]+\s+)*-[a-zA-Z]*R[a-zA-Z]*\s+\S+\s+\/(\s|$)/,
];

/**
 * Compiles the configured deny patterns.
 * @throws TypeError naming the pattern that is not a valid regular expression.
 */
export function compileDenyPatterns(patterns: readonly string[]): RegExp[] {
  return patterns.map((pattern, index) => {
    try {
      return new RegExp(pattern);
    } catch (error) {
      throw new TypeError(
        `tools.exec.denyPatterns[${index}] ("${pattern}") is not a valid regular expression: ${String(error)}`,
      );
    }
  });
}

/** The first pattern `command` matches, or undefined. */
export function deniedBy(command: string, patterns: readonly RegExp[]): RegExp | undefined {
  return [...BUILTIN_DENY_PATTERNS, ...patterns].find((pattern) => pattern.test(command));
}
