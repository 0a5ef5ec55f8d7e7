import { describe, expect, it } from 'vitest';
import { renderPrompt } from './render-prompt.js';

const limits = { maxFileChars: 10, maxTotalChars: 15 };

describe('renderPrompt', () => {
  it('renders non-empty parts as sections and skips empty ones', () => {
    const parts = [
      { title: 'A', path: '/a', text: 'alpha\n' },
      { title: 'B', path: '/b', text: '  ' },
    ];
    expect(renderPrompt(parts, limits)).toEqual({
      text: '# A\n\nalpha',
      sections: [{ title: 'A', path: '/a', chars: 5, truncated: false }],
    });
  });

  it('cuts at the per-file and then the total limit, saying which', () => {
    const parts = [
      { title: 'A', path: '/a', text: 'a'.repeat(12) },
      { title: 'S', path: '', text: 's'.repeat(8) },
    ];
    const { text, sections } = renderPrompt(parts, limits);
    expect(text).toBe(
      `# A\n\n${'a'.repeat(10)}\n\n[clawft: A cut at 10 of 12 characters (maxFileChars); full file: /a]\n\n` +
        `# S\n\n${'s'.repeat(5)}\n\n[clawft: S cut at 5 of 8 characters (the total prompt limit, maxTotalChars)]`,
    );
    expect(sections.map((section) => [section.chars, section.truncated])).toEqual([
      [10, true],
      [5, true],
    ]);
  });

  it('never cuts a surrogate pair in half (the prompt stays valid UTF-16)', () => {
    const { text, sections } = renderPrompt(
      [{ title: 'E', path: '/e', text: `abcdefghi\u{1F600}z` }],
      limits,
    );
    expect(text.startsWith('# E\n\nabcdefghi\n\n[clawft: E cut at 9 of 12 characters')).toBe(true);
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no lone high surrogate
    expect(sections[0]?.chars).toBe(9);
  });

  it('says when only the head of a large file was read', () => {
    const { text } = renderPrompt([{ title: 'A', path: '/a', text: 'abc', partialOfBytes: 5000 }], limits);
    expect(text).toContain('[clawft: A only the first 3 of 5000 bytes were read; full file: /a]');
  });
});
