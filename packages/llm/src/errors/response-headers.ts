/** Response headers as undici and node:http give them (lower-case names). */
export type ResponseHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** The first value of a header, or undefined. */
export function headerValue(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The provider's request id, from `x-request-id` (OpenAI and most compatibles) or `request-id` (Anthropic). */
export function requestIdOf(headers: ResponseHeaders): string | undefined {
  return headerValue(headers, 'x-request-id') ?? headerValue(headers, 'request-id');
}
