import { describe, expect, it } from 'vitest';
import { cutText } from './cut-text.js';
import { fitBatch } from './fit-batch.js';

describe('cutText', () => {
  it('returns text within the cap unchanged', () => {
    expect(cutText('hello', 5)).toBe('hello');
  });

  it('keeps head and tail, marks the cut with the bytes dropped, and stays within the cap', () => {
    const text = `HEAD${'x'.repeat(10_000)}TAIL`;
    const cut = cutText(text, 200);
    expect(cut.startsWith('HEAD')).toBe(true);
    expect(cut.endsWith('TAIL')).toBe(true);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(200);
    const dropped = Number(/\[… (\d+) bytes cut …\]/.exec(cut)?.[1]);
    const kept = Buffer.byteLength(cut.replace(/\n\[… \d+ bytes cut …\]\n/, ''));
    expect(kept + dropped).toBe(Buffer.byteLength(text));
  });

  it('never splits a multi-byte character', () => {
    const cut = cutText('é'.repeat(5_000), 101);
    expect(cut).not.toContain('\uFFFD');
  });
});

describe('fitBatch', () => {
  it('leaves small results whole and cuts the large ones to a fair share', () => {
    const [small, big1, big2] = fitBatch(['ok', 'a'.repeat(5_000), 'b'.repeat(5_000)], 1_002);
    expect(small).toBe('ok');
    expect(Buffer.byteLength(big1 ?? '')).toBeLessThanOrEqual(500);
    expect(Buffer.byteLength(big2 ?? '')).toBeLessThanOrEqual(500);
    expect(big1).toContain('bytes cut');
  });

  it('changes nothing when the batch fits', () => {
    expect(fitBatch(['a', 'b'], 2)).toEqual(['a', 'b']);
  });
});
