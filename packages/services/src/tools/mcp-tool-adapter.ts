import type { JsonSchema, Tool, ToolContext, ToolResult } from '@clawft/types';
import type { McpClient } from '../client/mcp-client.js';
import type { CallToolResult, McpTool } from '../client/mcp-schemas.js';
import { consoleLogger, type McpLogger } from '../logger.js';
import { agentToolName, createAgentToolNamer } from './agent-tool-name.js';

/**
 * One MCP tool as an agent `Tool` named `<server>__<tool>` (`agentToolName`) unless `options.name` gives
 * another name (`createMcpTools` does, to keep names distinct). `execute` calls `tools/call` with the turn's
 * signal; `isError` results stay data (`isError: true`); transport failures throw `McpError`, which the
 * agent's tool registry turns into an error result. Adapters built one by one can share a name; build them
 * with `createMcpTools`, which keeps names distinct.
 *
 * @example
 * const adapter = new McpToolAdapter(client, client.tools[0]!, { name: 'search' });
 */
export class McpToolAdapter implements Tool {
  readonly name: string;
  readonly description: string;
  readonly parameters: JsonSchema;
  readonly #client: McpClient;
  readonly #tool: McpTool;

  constructor(client: McpClient, tool: McpTool, options: { name?: string } = {}) {
    this.#client = client;
    this.#tool = tool;
    this.name = options.name ?? agentToolName(client.server, tool.name);
    this.description = tool.description ?? tool.title ?? `MCP tool ${tool.name} of server ${client.server}`;
    this.parameters = tool.inputSchema;
  }

  async execute(args: Record<string, unknown>, context: ToolContext): Promise<ToolResult> {
    const result = await this.#client.callTool(this.#tool.name, args, { signal: context.signal });
    return toToolResult(result, this.#client.server, this.#tool.name);
  }
}

/** Flattens an MCP tool result to the text the model sees; non-text blocks are summarised, kept in metadata. */
export function toToolResult(result: CallToolResult, server: string, tool: string): ToolResult {
  const parts = result.content.map((block) => {
    if (block.type === 'text' && typeof block.text === 'string') return block.text;
    if (block.type === 'resource_link' && typeof block.uri === 'string') return `[resource ${block.uri}]`;
    return `[${block.type} content]`;
  });
  if (parts.length === 0 && result.structuredContent !== undefined)
    parts.push(JSON.stringify(result.structuredContent));
  const metadata: Record<string, unknown> = { server, tool };
  if (result.structuredContent !== undefined) metadata.structuredContent = result.structuredContent;
  if (result.content.some((block) => block.type !== 'text')) metadata.content = result.content;
  return { content: parts.join('\n'), isError: result.isError === true, metadata };
}

/**
 * Adapts every tool the clients currently list, in order, under distinct names: a tool whose agent name an
 * earlier tool (of any of these clients) already has gets a stable 8-hex hash suffix (within 64 characters),
 * and `logger` is told which tool was renamed and which one holds the name.
 *
 * @default options.logger consoleLogger
 *
 * @example
 * registry.register(...createMcpTools([filesystem, github], { logger }));
 */
export function createMcpTools(
  clients: McpClient | readonly McpClient[],
  options: { logger?: McpLogger } = {},
): McpToolAdapter[] {
  const name = createAgentToolNamer({ logger: options.logger ?? consoleLogger });
  const list: readonly McpClient[] = isClientList(clients) ? clients : [clients];
  return list.flatMap((client) =>
    client.tools.map((tool) => new McpToolAdapter(client, tool, { name: name(client.server, tool.name) })),
  );
}

function isClientList(clients: McpClient | readonly McpClient[]): clients is readonly McpClient[] {
  return Array.isArray(clients);
}
