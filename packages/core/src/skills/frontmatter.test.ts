import { describe, expect, it } from 'vitest';
import { splitFrontmatter } from './frontmatter.js';

describe('splitFrontmatter', () => {
  it('separates the YAML between the fences from the body', () => {
    expect(splitFrontmatter('---\nname: a\n---\nBody\n', true)).toEqual({
      kind: 'found',
      yaml: 'name: a',
      body: 'Body\n',
    });
  });

  it('handles CRLF, a BOM and an empty frontmatter', () => {
    expect(splitFrontmatter('\uFEFF---\r\nname: a\r\n---\r\nBody', true)).toMatchObject({ yaml: 'name: a' });
    expect(splitFrontmatter('---\n---\nBody', true)).toEqual({ kind: 'found', yaml: '', body: 'Body' });
  });

  it('asks for more text when the closing fence is not in a partial read', () => {
    expect(splitFrontmatter('---\nname: a\ndescription: lo', false)).toEqual({ kind: 'incomplete' });
    expect(splitFrontmatter('---\nname: a\n---', false)).toEqual({ kind: 'incomplete' });
    expect(splitFrontmatter('---\nname: a\n---', true)).toMatchObject({ kind: 'found', body: '' });
  });

  it('reports a file without frontmatter or without a closing fence', () => {
    expect(splitFrontmatter('# Just markdown\n', true)).toEqual({ kind: 'missing' });
    expect(splitFrontmatter('---\nname: a\n', true)).toEqual({ kind: 'unterminated' });
  });
});
