import type { JsonSchema, Tool, ToolContext, ToolResult } from '@clawft/types';
import type { McpClient } from '../client/mcp-client.js';
import type { CallToolResult, McpTool } from '../client/mcp-schemas.js';

/** Separates the server name from the tool name in agent tool names: `<server>__<tool>`. */
export const MCP_TOOL_SEPARATOR = '__';

/**
 * One MCP tool as an agent `Tool` named `<server>__<tool>`. `execute` calls `tools/call` with the turn's
 * signal; `isError` results stay data (`isError: true`); transport failures throw `McpError`, which the
 * agent's tool registry turns into an error result.
 *
 * @example
 * registry.register(...client.tools.map((tool) => new McpToolAdapter(client, tool)));
 */
export class McpToolAdapter implements Tool {
  readonly name: string;
  readonly description: string;
  readonly parameters: JsonSchema;
  readonly #client: McpClient;
  readonly #tool: McpTool;

  constructor(client: McpClient, tool: McpTool) {
    this.#client = client;
    this.#tool = tool;
    this.name = agentToolName(client.server, tool.name);
    this.description = tool.description ?? tool.title ?? `MCP tool ${tool.name} of server ${client.server}`;
    this.parameters = tool.inputSchema;
  }

  async execute(args: Record<string, unknown>, context: ToolContext): Promise<ToolResult> {
    const result = await this.#client.callTool(this.#tool.name, args, { signal: context.signal });
    return toToolResult(result, this.#client.server, this.#tool.name);
  }
}

/**
 * `<server>__<tool>`, with characters that model APIs reject in function names (anything outside
 * `A-Z a-z 0-9 _ -`) replaced by `_`, cut to 64 characters. The adapter still calls the tool by its MCP name.
 */
export function agentToolName(server: string, tool: string): string {
  return `${server}${MCP_TOOL_SEPARATOR}${tool}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
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

/** Adapts every tool the client currently lists. */
export function createMcpTools(client: McpClient): McpToolAdapter[] {
  return client.tools.map((tool) => new McpToolAdapter(client, tool));
}
