import type { ConfigIssue } from '../errors/config-error.js';
import { isSecretKey } from '../redact/redact.js';
import { closestKey } from './key-case.js';
import type { ConfigWarning } from './normalize-keys.js';
import { renderValue } from './render-value.js';
import { formatPath, type PathSegment } from './zod-walk.js';

// The warnings and issues `normalizeKeys` reports about keys: unknown, given twice, reserved.

/** An unknown key, with the known key it most likely meant. */
export function unknownKey(written: PathSegment[], known: readonly string[]): ConfigWarning {
  const key = String(written.at(-1));
  const suggestion = closestKey(key, known);
  const hint = suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`;
  const warning: ConfigWarning = {
    path: formatPath(written),
    message: `unknown key "${key}" was ignored.${hint}`,
  };
  if (suggestion !== undefined) warning.suggestion = suggestion;
  return warning;
}

/** One setting written under two spellings. */
export function duplicateKey(first: PathSegment[], second: PathSegment[], value: unknown): ConfigIssue {
  const firstPath = formatPath(first);
  const secondPath = formatPath(second);
  return {
    path: secondPath,
    received: renderValue(value, { secret: isSecretKey(String(second.at(-1))) }),
    expected: `one spelling of the key: "${String(first.at(-1))}" or "${String(second.at(-1))}", not both`,
    message: `${firstPath} and ${secondPath} set the same key; keep one of them`,
  };
}

/** A map key that would name prototype machinery. */
export function reservedKey(written: PathSegment[]): ConfigIssue {
  return {
    path: formatPath(written),
    received: JSON.stringify(String(written.at(-1))),
    expected: 'a name other than __proto__, constructor or prototype',
    message: `"${String(written.at(-1))}" cannot be used as a name here (it is reserved in JavaScript); rename it`,
  };
}
