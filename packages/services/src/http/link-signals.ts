/** A signal that aborts when any source does, and the function that unhooks it from the sources. */
export interface LinkedSignal {
  signal: AbortSignal;
  /** Removes the listeners from the sources; call it once the operation has ended. */
  unlink: () => void;
}

/**
 * Like `AbortSignal.any`, but the link can be undone. `AbortSignal.any` keeps every combined signal in a
 * long-lived source (the transport's own close signal) until that source aborts, so one call per request
 * grows without bound over a session (nodejs/node#55351); here each request removes its listeners.
 */
export function linkSignals(...sources: Array<AbortSignal | undefined>): LinkedSignal {
  const controller = new AbortController();
  const present = sources.filter((source): source is AbortSignal => source !== undefined);
  const onAbort = (event: Event): void => controller.abort((event.target as AbortSignal).reason);
  const unlink = (): void => {
    for (const source of present) source.removeEventListener('abort', onAbort);
  };
  for (const source of present) {
    if (source.aborted) {
      controller.abort(source.reason);
      unlink();
      break;
    }
    source.addEventListener('abort', onAbort, { once: true });
  }
  return { signal: controller.signal, unlink };
}
