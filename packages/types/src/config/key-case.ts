/** `max_tokens`, `max-tokens` → `maxTokens`; a key already in camelCase is returned unchanged. */
export function toCamelCase(key: string): string {
  return key.replace(/[_-]+([a-zA-Z0-9])/g, (_match, next: string) => next.toUpperCase());
}

/** The form two spellings of one key share: lower case without separators (`maxTokens` → `maxtokens`). */
function looseForm(key: string): string {
  return key.replace(/[_-]/g, '').toLowerCase();
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The known key closest to an unknown one (`max_retry` → `maxRetries`), or undefined when none is close enough
 * to be a likely typo (an edit distance of at most 40% of the key's length; 1 for keys of 4 letters or fewer).
 */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const wanted = looseForm(key);
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(wanted, looseForm(candidate));
    if (best === undefined || distance < best.distance) best = { key: candidate, distance };
  }
  const limit = wanted.length <= 4 ? 1 : Math.ceil(wanted.length * 0.4);
  return best !== undefined && best.distance <= limit ? best.key : undefined;
}
