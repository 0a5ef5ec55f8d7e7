/** Splits `text` into `count` pieces of near-equal length (fewer when the text is shorter); never splits a surrogate pair. */
export function splitInto(text: string, count: number): string[] {
  const characters = Array.from(text);
  const pieces = Math.max(1, Math.min(count, characters.length));
  const size = Math.ceil(characters.length / pieces);
  const out: string[] = [];
  for (let start = 0; start < characters.length; start += size) {
    out.push(characters.slice(start, start + size).join(''));
  }
  return out.length === 0 ? [''] : out;
}

/** One SSE frame. */
export function sseFrame(data: string, event?: string): string {
  return event === undefined ? `data: ${data}\n\n` : `event: ${event}\ndata: ${data}\n\n`;
}
