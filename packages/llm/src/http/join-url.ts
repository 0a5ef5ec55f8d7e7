/**
 * Appends an API path to a base URL with URL semantics: the path goes onto the base's pathname (one `/` between
 * them), and the base's query string and fragment are kept (`https://host/v1?api-version=2024` +
 * `/chat/completions` → `https://host/v1/chat/completions?api-version=2024`).
 *
 * @throws TypeError when `base` is not an absolute URL.
 * @example
 * joinUrl('https://gw.example/v1?key=abc', '/chat/completions'); // 'https://gw.example/v1/chat/completions?key=abc'
 */
export function joinUrl(base: string, path: string): string {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  return url.toString();
}
