import { isSecretKey, REDACTED } from '@clawft/types';

/** A URL safe to print: the password and secret-looking query parameters (`?token=…`) are redacted. */
export function redactUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  if (url.password !== '') url.password = REDACTED;
  for (const name of [...url.searchParams.keys()]) {
    if (isSecretKey(name)) url.searchParams.set(name, REDACTED);
  }
  return url.toString();
}
