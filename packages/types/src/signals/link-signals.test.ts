import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { linkSignals } from './link-signals.js';

describe('linkSignals', () => {
  it('aborts with the reason of whichever source aborts first, and unlinks from the others', () => {
    const [closing, caller] = [new AbortController(), new AbortController()];
    const linked = linkSignals(closing.signal, caller.signal, undefined);
    caller.abort(new Error('caller gave up'));
    expect(linked.signal.aborted).toBe(true);
    expect(linked.signal.reason).toEqual(new Error('caller gave up'));
    expect(getEventListeners(closing.signal, 'abort')).toHaveLength(0);
  });

  it('leaves no listener on a long-lived source after unlink, however many links were made', () => {
    const closing = new AbortController();
    for (let index = 0; index < 1000; index += 1)
      linkSignals(closing.signal, new AbortController().signal).unlink();
    expect(getEventListeners(closing.signal, 'abort')).toHaveLength(0);
  });

  it('is aborted at once, without listening, when a source already was', () => {
    const live = new AbortController();
    const linked = linkSignals(live.signal, AbortSignal.abort('gone'));
    expect(linked.signal.reason).toBe('gone');
    expect(getEventListeners(live.signal, 'abort')).toHaveLength(0);
  });

  it('aborts the linked signal alone: the sources stay live and lose their listener', () => {
    const parent = new AbortController();
    const linked = linkSignals(parent.signal);
    linked.abort('stopped by the handler');
    expect(linked.signal.reason).toBe('stopped by the handler');
    expect(parent.signal.aborted).toBe(false);
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(0);
    parent.abort('later');
    expect(linked.signal.reason).toBe('stopped by the handler');
  });

  it('never aborts after unlink, and unlink is idempotent', () => {
    const parent = new AbortController();
    const linked = linkSignals(parent.signal, undefined);
    linked.unlink();
    linked.unlink();
    parent.abort();
    expect(linked.signal.aborted).toBe(false);
  });

  it('works with no source at all', () => {
    const linked = linkSignals(undefined);
    expect(linked.signal.aborted).toBe(false);
    linked.abort();
    expect(linked.signal.aborted).toBe(true);
  });
});
