import { isSecretKey } from '../redact/redact.js';
import { urlSecrets } from '../redact/url-secrets.js';

/** `"name":` followed by whatever is written after it on the line, quoted or not. */
const KEY_AND_REST = /"((?:[^"\\]|\\.)*)"(\s*:\s*)(.*)$/;
/** A word that looks like a credential wherever it stands: long, letters and digits mixed. */
const TOKEN_LIKE = /(?=[\w\-.:~]*\d)(?=[\w\-.:~]*[a-z])[\w\-.:~]{24,}/gi;

/**
 * A line of a config file safe to quote in a syntax error: the value after a secret-looking key (even when
 * unquoted or unterminated), URL credentials and credential-looking words are replaced character by character
 * with `*`, so the caret under the error column still lines up.
 */
export function maskExcerptLine(line: string): string {
  let masked = maskSecretKeyValues(line);
  for (const secret of urlSecrets(masked)) masked = masked.split(secret).join('*'.repeat(secret.length));
  return masked.replace(TOKEN_LIKE, (word) => '*'.repeat(word.length));
}

/** The value written at the start of `text`: a string up to its closing quote (or the line end), else a bare word. */
const LEADING_VALUE = /^(?:"(?:[^"\\]|\\.)*"?|[^\s,{}[\]]*)/;

function maskSecretKeyValues(line: string): string {
  let result = '';
  let rest = line;
  for (let match = KEY_AND_REST.exec(rest); match !== null; match = KEY_AND_REST.exec(rest)) {
    const [whole, key = '', , value = ''] = match;
    const headLength = match.index + whole.length - value.length;
    result += rest.slice(0, headLength);
    rest = rest.slice(headLength);
    if (!isSecretKey(key)) continue;
    const written = LEADING_VALUE.exec(rest)?.[0] ?? '';
    result += written.replace(/[^"]/g, '*');
    rest = rest.slice(written.length);
  }
  return result + rest;
}
