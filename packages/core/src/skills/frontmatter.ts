/** The result of looking for YAML frontmatter at the start of a Markdown text. */
export type FrontmatterSplit =
  | { kind: 'found'; yaml: string; body: string }
  | { kind: 'missing' }
  /** The closing `---` is not in the text read so far: read more of the file. */
  | { kind: 'incomplete' }
  | { kind: 'unterminated' };

const OPENING = /^\uFEFF?---[ \t]*\r?\n/;
const FENCE = /^(?:---|\.\.\.)[ \t]*\r?$/;

/**
 * Splits `---`-fenced frontmatter from the body. `complete` says whether `text` is the whole file: when it is
 * not, a missing closing fence (or one at the very end of the text) means "read more".
 */
export function splitFrontmatter(text: string, complete: boolean): FrontmatterSplit {
  const opening = OPENING.exec(text);
  if (opening === null) return complete || text.length >= 4 ? { kind: 'missing' } : { kind: 'incomplete' };
  const start = opening[0].length;
  for (let lineStart = start; lineStart <= text.length; ) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    if (FENCE.test(text.slice(lineStart, lineEnd))) {
      if (newline === -1 && !complete) return { kind: 'incomplete' };
      return {
        kind: 'found',
        yaml: text.slice(start, lineStart).replace(/\r?\n$/, ''),
        body: newline === -1 ? '' : text.slice(newline + 1),
      };
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return complete ? { kind: 'unterminated' } : { kind: 'incomplete' };
}
