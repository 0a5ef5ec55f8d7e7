import { isSecretKey, REDACTED } from './redact.js';

/** `scheme://user:password@` at the start of a URL, anywhere in a text. */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@"'<>]+)@/gi;
/** `?name=value` or `&name=value`, anywhere in a text. */
const QUERY_PARAM = /([?&;])([^=&#\s"'<>]+)=([^&#\s"'<>]*)/g;
/** Query parameter names that carry credentials although `isSecretKey` does not know them as words. */
const SECRET_QUERY_NAMES: ReadonlySet<string> = new Set([
  'sig',
  'signature',
  'auth',
  'code',
  'x-amz-signature',
]);
/** A path segment that looks like a credential: long, letters and digits mixed (`bot123:AA…`, `sk-…`). */
const TOKEN_LIKE = /^(?=.*\d)(?=.*[a-z])[\w\-.:~]{24,}$/i;

/** Whether a query parameter name carries a credential (`key`, `token`, `auth`, `sig`, `api-key`, …). */
export function isSecretQueryName(name: string): boolean {
  return isSecretKey(name) || SECRET_QUERY_NAMES.has(name.toLowerCase());
}

/**
 * The credentials a URL (or any text holding URLs) carries: userinfo (user and password), values of
 * secret-named query parameters, and path segments that look like keys (after a `key`/`token` segment, or
 * long mixed letters and digits). Both the raw and the percent-decoded forms are returned.
 */
export function urlSecrets(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(USERINFO)) {
    const userinfo = match[2] ?? '';
    found.push(userinfo, ...userinfo.split(':'));
  }
  for (const match of text.matchAll(QUERY_PARAM)) {
    if (isSecretQueryName(decodeSafely(match[2] ?? ''))) found.push(match[3] ?? '');
  }
  found.push(...pathSecrets(text));
  return [...new Set(found.flatMap((value) => [value, decodeSafely(value)]))].filter((value) => value !== '');
}

function pathSecrets(text: string): string[] {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return [];
  }
  const segments = url.pathname.split('/');
  return segments.filter(
    (segment, index) =>
      TOKEN_LIKE.test(decodeSafely(segment)) || (index > 0 && isSecretKey(segments[index - 1] ?? '')),
  );
}

/**
 * A text safe to print as far as URLs go: userinfo and secret-named query parameter values are replaced by
 * `[redacted]`, and so are key-like path segments of a text that is a URL.
 *
 * @example
 * redactUrl('https://me:pw@host/v1?token=abc&region=eu'); // 'https://[redacted]@host/v1?token=[redacted]&region=eu'
 */
export function redactUrl(text: string): string {
  let result = text.replace(USERINFO, (_whole, scheme: string) => `${scheme}${REDACTED}@`);
  result = result.replace(QUERY_PARAM, (whole, separator: string, name: string) =>
    isSecretQueryName(decodeSafely(name)) ? `${separator}${name}=${REDACTED}` : whole,
  );
  for (const segment of pathSecrets(text)) result = result.split(`/${segment}`).join(`/${REDACTED}`);
  return result;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
