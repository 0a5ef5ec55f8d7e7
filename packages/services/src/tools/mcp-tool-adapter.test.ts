import { describe, expect, it } from 'vitest';
import { toToolResult } from './mcp-tool-adapter.js';

describe('toToolResult', () => {
  it('joins text blocks, summarises others and keeps them in metadata', () => {
    const result = toToolResult(
      {
        content: [
          { type: 'text', text: 'first' },
          { type: 'image', data: 'AAAA', mimeType: 'image/png' },
          { type: 'resource_link', uri: 'file:///a.txt', name: 'a' },
        ],
        isError: true,
      },
      'srv',
      'tool',
    );
    expect(result.content).toBe('first\n[image content]\n[resource file:///a.txt]');
    expect(result.isError).toBe(true);
    expect(result.metadata).toMatchObject({ server: 'srv', tool: 'tool', content: expect.any(Array) });
  });

  it('falls back to structuredContent as JSON when there is no content', () => {
    const result = toToolResult({ content: [], structuredContent: { sum: 3 } }, 'srv', 'sum');
    expect(result).toMatchObject({
      content: '{"sum":3}',
      isError: false,
      metadata: { structuredContent: { sum: 3 } },
    });
  });
});
