import { createHash } from 'node:crypto';
import type { McpLogger } from '../logger.js';

/** Separates the server name from the tool name in agent tool names: `<server>__<tool>`. */
export const MCP_TOOL_SEPARATOR = '__';

/** Longest function name model APIs accept. */
const MAX_NAME_LENGTH = 64;
/** Hex characters of the suffix that tells apart tools whose agent names collide. */
const SUFFIX_HEX_LENGTH = 8;

/**
 * `<server>__<tool>`, with characters that model APIs reject in function names (anything outside
 * `A-Z a-z 0-9 _ -`) replaced by `_`, cut to 64 characters. The adapter still calls the tool by its MCP name.
 * Different tools can get the same name (`a.b`/`a_b`, a shared 64-character prefix); `createMcpTools` and
 * `McpServerManager#tools` keep names distinct with a hash suffix.
 */
export function agentToolName(server: string, tool: string): string {
  return `${server}${MCP_TOOL_SEPARATOR}${tool}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, MAX_NAME_LENGTH);
}

/** Gives the MCP tool `tool` of server `server` an agent name no earlier call of the same namer gave. */
export type AgentToolNamer = (server: string, tool: string) => string;

/**
 * A namer that hands out `agentToolName(server, tool)` unless an earlier tool already has that name; then the
 * name is cut to 55 characters and gets `_` plus 8 hex characters of the SHA-256 of server and tool (the same
 * suffix on every run), and `logger` is told which tool was renamed and which one holds the name. So no tool
 * shadows another, and the first tool to claim a name (config order, then the server's list order) keeps it.
 *
 * @example
 * const name = createAgentToolNamer({ logger });
 * name('a.b', 'echo'); // 'a_b__echo'
 * name('a_b', 'echo'); // 'a_b__echo_' + 8 hex characters, and a warning
 */
export function createAgentToolNamer(options: { logger: McpLogger }): AgentToolNamer {
  const owners = new Map<string, { server: string; tool: string }>();
  return (server, tool) => {
    const plain = agentToolName(server, tool);
    let name = plain;
    // A second attempt only happens when a suffixed name is taken too (a tool listed twice, a 32-bit clash).
    for (let attempt = 0; owners.has(name); attempt += 1) name = withSuffix(plain, server, tool, attempt);
    const holder = owners.get(plain);
    if (name !== plain && holder !== undefined) {
      const fields = { server, tool, name, collidesWith: holder };
      options.logger.warn('MCP tool name taken by another tool; renamed with a hash suffix', fields);
    }
    owners.set(name, { server, tool });
    return name;
  };
}

function withSuffix(plain: string, server: string, tool: string, attempt: number): string {
  const key = attempt === 0 ? [server, tool] : [server, tool, String(attempt)];
  const hash = createHash('sha256').update(key.join('\0')).digest('hex').slice(0, SUFFIX_HEX_LENGTH);
  return `${plain.slice(0, MAX_NAME_LENGTH - SUFFIX_HEX_LENGTH - 1)}_${hash}`;
}
