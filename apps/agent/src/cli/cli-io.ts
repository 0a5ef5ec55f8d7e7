/** What a command may touch of the outside world; the entry point passes the real process, tests their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Current directory, for `./clawft.json` and relative paths. */
  cwd: string;
  /** Home directory, for `~/.clawft/config.json` and `~` expansion. */
  homeDir: string;
  signal?: AbortSignal;
}

/** Process exit codes: 0 success, 1 the command failed (bad config, …), 2 the command line was wrong. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
