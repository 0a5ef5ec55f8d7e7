import type { StreamPart, TurnEvent } from '@clawft/types';
import { afterEach, describe, expect, it } from 'vitest';
import type { TerminalSink } from './terminal-text.js';
import { TurnRenderer } from './turn-renderer.js';

const origin = { turnId: 't1', sessionKey: 'cli:main' };
const at = { attempt: 1, provider: 'openai', model: 'gpt-x' };
const error = { name: 'ProviderError', kind: 'rate-limited', message: 'slow down', retryable: true };

const part = (value: StreamPart, iteration = 1): TurnEvent => ({
  type: 'part',
  ...origin,
  iteration,
  part: value,
});
const text = (value: string): TurnEvent => part({ type: 'text-delta', text: value, ...at });

function sink(isTTY: boolean, columns = 80): TerminalSink & { output: string } {
  const recorded = {
    output: '',
    isTTY,
    color: false,
    columns: () => columns,
    write(value: string) {
      recorded.output += value;
    },
  };
  return recorded;
}

let renderer: TurnRenderer | undefined;
afterEach(() => renderer?.dispose());

describe('TurnRenderer', () => {
  it('marks a reset with a line when the output is not a TTY, and prints the failover after it', () => {
    const out = sink(false);
    renderer = new TurnRenderer(out, { senderId: 'cli' });
    renderer.onEvent(text('partial '));
    renderer.onEvent(text('answer'));
    renderer.onEvent(
      part({
        type: 'failover',
        from: at,
        to: { provider: 'groq', model: 'llama' },
        error: { ...error, kind: 'stream-truncated' },
        ...at,
      }),
    );
    renderer.onEvent(part({ type: 'reset', discardedText: 'partial answer', discardedToolCalls: 0, ...at }));
    renderer.onEvent(text('whole answer'));
    expect(out.output).toBe(
      'partial answer\n⇄ llama took over from gpt-x (stream-truncated from openai)\n' +
        '[reset: the 14 characters above came from a failed attempt and are discarded; the answer restarts]\n' +
        'whole answer',
    );
  });

  it('erases the discarded text on a TTY, wrapped lines included', () => {
    const out = sink(true, 10);
    renderer = new TurnRenderer(out, { senderId: 'cli' });
    renderer.onEvent(text('0123456789abcde'));
    out.output = '';
    renderer.onEvent(part({ type: 'reset', discardedText: '0123456789abcde', discardedToolCalls: 0, ...at }));
    // 15 characters on a 10-column terminal: one row up, back to column 1, clear to the end of the screen.
    expect(out.output.startsWith('\r\x1b[1A\x1b[1G\x1b[J')).toBe(true);
    expect(out.output).toContain('↺ discarded 15 characters of a failed attempt\n');
  });

  it('shows a retry with its reason, as a line without a TTY', () => {
    const out = sink(false);
    renderer = new TurnRenderer(out, { senderId: 'cli' });
    renderer.onEvent(part({ type: 'retry', delayMs: 2000, error: { ...error, status: 429 }, ...at }));
    expect(out.output).toBe('↻ 429 from openai, retrying in 2 s (attempt 2)\n');
  });

  it('counts a retry down in place on a TTY and stops the countdown when text arrives', () => {
    const out = sink(true);
    renderer = new TurnRenderer(out, { senderId: 'cli' });
    renderer.onEvent(part({ type: 'retry', delayMs: 2000, error: { ...error, status: 429 }, ...at }));
    expect(out.output.startsWith('\r\x1b[K')).toBe(true);
    expect(out.output.endsWith(' 429 from openai, retrying in 2 s')).toBe(true);
    renderer.onEvent(text('hi'));
    expect(out.output.endsWith('\r\x1b[Khi')).toBe(true);
  });

  it('shows tool starts and finishes with durations and lock waits', () => {
    const out = sink(false);
    renderer = new TurnRenderer(out, { senderId: 'cli' });
    const call = { ...origin, iteration: 1, callId: 'c1', name: 'write_file' };
    renderer.onEvent({ type: 'tool-start', ...call, arguments: { path: 'a.md' } });
    renderer.onEvent({
      type: 'tool-finish',
      ...call,
      durationMs: 12,
      lockWaitMs: 250,
      isError: false,
      timedOut: false,
    });
    expect(out.output).toBe('▸ write_file {"path":"a.md"}\n✓ write_file 12 ms, waited 250 ms for locks\n');
  });
});
