import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from '../errors/config-error.js';
import { findJsonSyntaxError } from './json-syntax-error.js';
import { maskExcerptLine } from './mask-excerpt.js';
import { type ConfigResult, type ParseConfigOptions, parseConfig } from './parse-config.js';

export interface LoadConfigOptions extends Omit<ParseConfigOptions, 'file'> {
  /** Cancels the read; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Reads a config.json file and parses it with `parseConfig` (camelCase or snake_case keys, defaults filled in,
 * unknown keys as warnings, `~` expanded).
 *
 * @throws ConfigError of kind `config-not-found` (no such file), `config-unreadable` (a directory, no
 *   permission, …), `config-syntax` (not valid JSON; `line` and `column` are 1-based) or `config-invalid`
 *   (every offending path listed; `file` is set).
 * @example
 * const { config, warnings } = await loadConfig('~/.clawft/config.json'.replace('~', os.homedir()));
 */
export async function loadConfig(path: string, options: LoadConfigOptions = {}): Promise<ConfigResult> {
  const file = resolve(path);
  const text = await readConfigText(file, options.signal);
  const value = parseJson(text, file);
  const { signal: _signal, ...rest } = options;
  const parseOptions: ParseConfigOptions = { ...rest, file };
  return parseConfig(value, parseOptions);
}

async function readConfigText(file: string, signal: AbortSignal | undefined): Promise<string> {
  try {
    return await readFile(file, signal === undefined ? { encoding: 'utf8' } : { encoding: 'utf8', signal });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ConfigError({
        kind: 'config-not-found',
        message: `No config file at ${file}. Create it (an empty object {} is a valid config; docs/configuration.md lists every key) or point --config / CLAWFT_CONFIG at an existing file.`,
        file,
        cause: error,
      });
    }
    const reason =
      code === 'EISDIR'
        ? 'it is a directory, not a file'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : (code ?? 'read failed');
    throw new ConfigError({
      kind: 'config-unreadable',
      message: `Cannot read the config file ${file}: ${reason}. Check the path and its permissions.`,
      file,
      cause: error,
    });
  }
}

function parseJson(text: string, file: string): unknown {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch {
    // JSON.parse's own message quotes the text around the error, which may hold a secret: it is not kept.
    const problem = findJsonSyntaxError(body) ?? { offset: body.length, message: 'invalid JSON' };
    const { line, column, excerpt } = locate(body, problem.offset);
    throw new ConfigError({
      kind: 'config-syntax',
      message: `${file}:${line}:${column}: not valid JSON: ${problem.message}.\n${excerpt}\nFix the JSON at line ${line}, column ${column} (comments and trailing commas are not allowed).`,
      file,
      line,
      column,
    });
  }
}

/** 1-based line and column of an offset, and the offending line with a caret under the column. */
function locate(text: string, offset: number): { line: number; column: number; excerpt: string } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = offset - lineStart + 1;
  const lineEnd = text.indexOf('\n', lineStart);
  const lineText = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd).replace(/\r$/, '');
  const start = Math.max(0, column - 60);
  const shown = maskExcerptLine(lineText).slice(start, start + 120);
  const gutter = `${line} | `;
  return { line, column, excerpt: `${gutter}${shown}\n${' '.repeat(gutter.length + column - 1 - start)}^` };
}
