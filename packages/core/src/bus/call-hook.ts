/**
 * Calls a user hook such as `onDrop`. An error it throws is re-thrown on a later microtask (as `reportError` would):
 * it still surfaces as an uncaught exception, but never leaves a channel's queues half-updated or a waiter pending.
 */
export function callHook<A extends unknown[]>(hook: ((...args: A) => void) | undefined, ...args: A): void {
  if (hook === undefined) return;
  try {
    hook(...args);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
