/** Where rendered output goes and what it may use. */
export interface TerminalSink {
  write(text: string): void;
  /** Cursor movement and in-place redraws are used only on a TTY. */
  isTTY: boolean;
  /** ANSI styles; off when `NO_COLOR` is set or not a TTY. */
  color: boolean;
  /** Terminal width in columns (for erasing wrapped text). */
  columns(): number;
}

/** Whether to colour output: a TTY and `NO_COLOR` unset or empty (https://no-color.org). */
export function useColor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  return isTTY && (env.NO_COLOR ?? '') === '';
}

/** Dim text when colour is on. */
export const dim = (sink: TerminalSink, text: string): string =>
  sink.color ? `\x1b[2m${text}\x1b[22m` : text;

/** Red text when colour is on. */
export const red = (sink: TerminalSink, text: string): string =>
  sink.color ? `\x1b[31m${text}\x1b[39m` : text;

/** The cursor column after writing `text` from `column` on a terminal `columns` wide, and the rows it moved down. */
export function advance(column: number, text: string, columns: number): { column: number; rows: number } {
  let rows = 0;
  let col = column;
  for (const char of text) {
    if (char === '\n') {
      rows += 1;
      col = 0;
    } else if (char !== '\r') {
      col += 1;
      if (col >= columns) {
        rows += 1;
        col = 0;
      }
    }
  }
  return { column: col, rows };
}

/** Durations for people: "0.4 ms", "38 ms", "1.25 s", "12 s". */
export function formatDuration(ms: number): string {
  if (ms < 10) return `${Number(ms.toFixed(1))} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  return seconds >= 10 ? `${Math.round(seconds)} s` : `${Number(seconds.toFixed(2))} s`;
}
