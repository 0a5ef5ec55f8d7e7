/** Adds `handler` under `key` in a map of handler sets; returns the function that removes it (and the empty set). */
export function addListener<H>(map: Map<string, Set<H>>, key: string, handler: H): () => void {
  let handlers = map.get(key);
  if (handlers === undefined) {
    handlers = new Set();
    map.set(key, handlers);
  }
  handlers.add(handler);
  return () => {
    const current = map.get(key);
    current?.delete(handler);
    if (current?.size === 0) map.delete(key);
  };
}
