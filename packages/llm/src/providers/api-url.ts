/**
 * The URL of an API path under a base URL, keeping the base's query string after the path:
 * `https://h/v1?api-version=2` + `/chat/completions` → `https://h/v1/chat/completions?api-version=2`.
 */
export function apiUrl(baseUrl: string, path: string): string {
  const queryAt = baseUrl.search(/[?#]/);
  if (queryAt === -1) return baseUrl + path;
  return `${baseUrl.slice(0, queryAt).replace(/\/+$/, '')}${path}${baseUrl.slice(queryAt)}`;
}
