import { mcpError } from '../errors/mcp-error-factory.js';
import type { ListToolsResult, McpTool } from './mcp-schemas.js';

/** Options for `listAllTools`. */
export interface ListAllToolsOptions {
  /** Sends one `tools/list` request and resolves with its (validated) result. */
  request: (params: Record<string, unknown>) => Promise<ListToolsResult>;
  /** Most pages followed. */
  maxPages: number;
  server: string;
}

/**
 * Follows `tools/list` cursors until the last page and returns every tool.
 * @throws McpError `protocol-error` when a cursor repeats or there are more than `maxPages` pages
 */
export async function listAllTools(options: ListAllToolsOptions): Promise<McpTool[]> {
  const tools: McpTool[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < options.maxPages; page += 1) {
    const result = await options.request(cursor === undefined ? {} : { cursor });
    tools.push(...result.tools);
    cursor = result.nextCursor;
    if (cursor === undefined) return tools;
    if (seen.has(cursor)) break;
    seen.add(cursor);
  }
  const message = 'tools/list pagination did not end (cursor repeated or too many pages)';
  throw mcpError('protocol-error', message, { server: options.server, method: 'tools/list' });
}
