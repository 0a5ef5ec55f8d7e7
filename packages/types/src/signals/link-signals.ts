/** A signal that aborts when any of its sources does, with the means to abort it alone and to undo the link. */
export interface LinkedSignal {
  /** Aborts with the reason of the first source that aborts, or of `abort(reason)`. */
  readonly signal: AbortSignal;
  /** Aborts the linked signal (never a source) and unlinks it. */
  abort(reason?: unknown): void;
  /** Removes the listeners from the sources; idempotent. Call it once the linked work is over, on every path. */
  unlink(): void;
}

/**
 * Links a new signal to `sources` (undefined ones are skipped): it aborts with the reason of whichever source
 * aborts first, at once if one already has. Unlike `AbortSignal.any`, the link is undone by `unlink()`:
 * `AbortSignal.any` keeps each combined signal in a long-lived source (a transport's close signal, a caller's
 * signal reused for many calls) until that source aborts, so one link per request grows without bound
 * (nodejs/node#55351). Listeners are also removed as soon as the linked signal aborts, whatever aborted it.
 *
 * @example
 * const link = linkSignals(transportClosing, options.signal);
 * try { await request(link.signal); } finally { link.unlink(); }
 */
export function linkSignals(...sources: ReadonlyArray<AbortSignal | undefined>): LinkedSignal {
  const controller = new AbortController();
  const present = sources.filter((source): source is AbortSignal => source !== undefined);
  let linked = false;
  const unlink = (): void => {
    if (!linked) return;
    linked = false;
    for (const source of present) source.removeEventListener('abort', onAbort);
  };
  const abort = (reason?: unknown): void => {
    unlink();
    controller.abort(reason);
  };
  function onAbort(this: AbortSignal): void {
    abort(this.reason);
  }
  const already = present.find((source) => source.aborted);
  if (already !== undefined) controller.abort(already.reason);
  else {
    linked = true;
    for (const source of present) source.addEventListener('abort', onAbort, { once: true });
  }
  return { signal: controller.signal, abort, unlink };
}
