/** An AbortController that also aborts when `parent` does, with a `dispose` that removes the listener. */
export interface LinkedAbort {
  readonly controller: AbortController;
  readonly signal: AbortSignal;
  /** Removes the listener on the parent signal. Call it when the linked work is over. */
  dispose(): void;
}

/**
 * Creates a child AbortController of `parent`: aborting the parent aborts the child (with the same reason), while
 * aborting the child leaves the parent alone. Used to stop one upstream request without touching the caller's signal.
 *
 * @example
 * const link = linkAbort(options.signal);
 * try { await fetchSomething(link.signal); } finally { link.dispose(); }
 */
export function linkAbort(parent: AbortSignal | undefined): LinkedAbort {
  const controller = new AbortController();
  const forward = (): void => controller.abort(parent?.reason);
  if (parent?.aborted === true) controller.abort(parent.reason);
  else parent?.addEventListener('abort', forward, { once: true });
  return {
    controller,
    signal: controller.signal,
    dispose: () => parent?.removeEventListener('abort', forward),
  };
}
