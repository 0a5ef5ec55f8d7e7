/** One part of the system prompt, before limits are applied. */
export interface PromptPart {
  title: string;
  /** The file it came from, shown in the note when the part is cut ('' for a generated part). */
  path: string;
  text: string;
  /** The file's size in bytes when only part of it could be read; undefined when read whole. */
  partialOfBytes?: number;
}

/** What went into the prompt from one part. */
export interface PromptSection {
  title: string;
  path: string;
  /** Characters of the part that made it in. */
  chars: number;
  /** The part was cut (a note in the prompt says where and why). */
  truncated: boolean;
}

export interface PromptLimits {
  maxFileChars: number;
  maxTotalChars: number;
}

/** Renders parts as `# Title` sections, cutting any part over a limit and saying so in the prompt. */
export function renderPrompt(
  parts: readonly PromptPart[],
  limits: PromptLimits,
): { text: string; sections: PromptSection[] } {
  const blocks: string[] = [];
  const sections: PromptSection[] = [];
  let used = 0;
  for (const part of parts) {
    const body = part.text.trim();
    if (body === '') continue;
    const room = Math.max(0, Math.min(limits.maxFileChars, limits.maxTotalChars - used));
    const notes: string[] = [];
    if (part.partialOfBytes !== undefined) {
      notes.push(`only the first ${Buffer.byteLength(part.text)} of ${part.partialOfBytes} bytes were read`);
    }
    const kept = cutAt(body, room);
    if (body.length > room) {
      const limit = room < limits.maxFileChars ? 'the total prompt limit, maxTotalChars' : 'maxFileChars';
      notes.push(`cut at ${kept.length} of ${body.length} characters (${limit})`);
    }
    used += kept.length;
    const where = part.path === '' ? '' : `; full file: ${part.path}`;
    const note = notes.length > 0 ? `\n\n[clawft: ${part.title} ${notes.join('; ')}${where}]` : '';
    blocks.push(`# ${part.title}\n\n${kept}${note}`);
    sections.push({ title: part.title, path: part.path, chars: kept.length, truncated: notes.length > 0 });
  }
  return { text: blocks.join('\n\n'), sections };
}

/** The first `chars` characters of `text`, one fewer if the cut would split a surrogate pair (an emoji, say). */
function cutAt(text: string, chars: number): string {
  if (chars >= text.length) return text;
  const last = text.charCodeAt(chars - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? chars - 1 : chars);
}
