import type { McpError } from '@clawft/types';
import { mcpError } from '../errors/mcp-error-factory.js';
import type { Redact } from '../errors/redactor.js';

/** One stdout line: blank, a decoded JSON value, or not JSON (with the error to report). */
export type StdoutLine =
  | { type: 'blank' }
  | { type: 'message'; message: unknown }
  | { type: 'invalid'; error: McpError };

/** Characters of a bad line shown in the report, after redaction. */
const PREVIEW_CHARS = 200;
/** Characters redacted before the preview is cut, so a secret that starts inside the preview is caught whole. */
const REDACT_WINDOW_CHARS = PREVIEW_CHARS + 4096;

/**
 * Decodes one newline-delimited stdout line. A line that is not JSON becomes McpError `protocol-error`
 * whose `data` holds a redacted preview and the size; neither the raw text nor the parser's message (which
 * quotes the text) is kept, as a server may print its own token.
 */
export function parseStdoutLine(line: Buffer, redact: Redact, server: string | undefined): StdoutLine {
  if (line.length === 0 || (line.length === 1 && line[0] === 0x0d)) return { type: 'blank' };
  try {
    return { type: 'message', message: JSON.parse(line.toString('utf8')) };
  } catch {
    const window = line
      .subarray(0, REDACT_WINDOW_CHARS * 4)
      .toString('utf8')
      .slice(0, REDACT_WINDOW_CHARS);
    const preview = redact(window).slice(0, PREVIEW_CHARS);
    const error = mcpError('protocol-error', 'skipped a non-JSON line from the MCP server', {
      server,
      data: { preview, bytes: line.length },
    });
    return { type: 'invalid', error };
  }
}
