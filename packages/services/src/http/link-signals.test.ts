import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { linkSignals } from './link-signals.js';

describe('linkSignals', () => {
  it('aborts with the reason of whichever source aborts first', () => {
    const [closing, caller] = [new AbortController(), new AbortController()];
    const linked = linkSignals(closing.signal, caller.signal, undefined);
    caller.abort(new Error('caller gave up'));
    expect(linked.signal.aborted).toBe(true);
    expect(linked.signal.reason).toEqual(new Error('caller gave up'));
  });

  it('leaves no listener on a long-lived source after unlink, however many links were made', () => {
    const closing = new AbortController();
    for (let index = 0; index < 1000; index += 1) {
      const linked = linkSignals(closing.signal, new AbortController().signal);
      linked.unlink();
    }
    expect(getEventListeners(closing.signal, 'abort')).toHaveLength(0);
  });

  it('is aborted at once when a source already was', () => {
    const linked = linkSignals(AbortSignal.abort('gone'), new AbortController().signal);
    expect(linked.signal.reason).toBe('gone');
  });
});
