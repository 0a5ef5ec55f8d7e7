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
  /** The process's terminal, for interactive commands; absent when a command runs in-process (unit tests). */
  terminal?: CliTerminal;
}

/** Standard input and output as streams, and whether each is a TTY. */
export interface CliTerminal {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  inputIsTTY: boolean;
  outputIsTTY: boolean;
  /** Width of the output terminal in columns (80 when unknown). */
  columns(): number;
  /** Subscribes to SIGINT delivered to the process (Ctrl-C outside raw mode, `kill -INT`); returns the unsubscribe. */
  onInterrupt(handler: () => void): () => void;
}

/**
 * Process exit codes: 0 success, 1 the command failed (bad config, failed turn, …), 2 the command line was wrong,
 * 130 interrupted.
 */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** The turn or session was interrupted with Ctrl-C (128 + SIGINT, as shells report it). */
export const EXIT_INTERRUPTED = 130;
