export { McpClient } from './client/mcp-client.js';
export type { McpClientOptions } from './client/mcp-client-options.js';
export {
  type CallToolResult,
  CallToolResultSchema,
  type ContentBlock,
  ContentBlockSchema,
  type InitializeResult,
  InitializeResultSchema,
  type ListToolsResult,
  ListToolsResultSchema,
  type McpTool,
  McpToolSchema,
} from './client/mcp-schemas.js';
export {
  LATEST_PROTOCOL_VERSION,
  negotiateProtocolVersion,
  SUPPORTED_PROTOCOL_VERSIONS,
} from './client/protocol-version.js';
export { type RestartOptions, restartDelayMs } from './client/restart-options.js';
export { createServerRedactor, type Redact, type ServerSecretSources } from './errors/redactor.js';
export type { StreamableHttpTransportOptions } from './http/streamable-http-options.js';
export { StreamableHttpTransport } from './http/streamable-http-transport.js';
export {
  type ClassifiedMessage,
  classifyMessage,
  JSON_RPC_METHOD_NOT_FOUND,
  type JsonRpcErrorObject,
  JsonRpcErrorObjectSchema,
  type JsonRpcErrorResponse,
  JsonRpcErrorResponseSchema,
  type JsonRpcId,
  JsonRpcIdSchema,
  type JsonRpcMessage,
  type JsonRpcNotification,
  JsonRpcNotificationSchema,
  type JsonRpcRequest,
  JsonRpcRequestSchema,
  type JsonRpcResultResponse,
  JsonRpcResultResponseSchema,
} from './jsonrpc/messages.js';
export type { Transport, TransportSendOptions } from './jsonrpc/transport.js';
export { consoleLogger, type McpLogger, silentLogger } from './logger.js';
export {
  createTransport,
  McpServerManager,
  type McpServerManagerOptions,
  type McpServerStatus,
} from './manager/mcp-server-manager.js';
export { McpSession } from './protocol/mcp-session.js';
export type { McpSessionOptions, SessionStats } from './protocol/mcp-session-options.js';
export type { Progress, RequestOptions } from './protocol/request-options.js';
export {
  MCP_RESULT_SCHEMAS,
  type McpMethod,
  type McpResult,
  type RequestWithSchemaOptions,
} from './protocol/result-schemas.js';
export { LineSplitter, type LineSplitterOptions } from './stdio/line-splitter.js';
export { buildServerEnv, INHERITED_ENV_VARS } from './stdio/safe-env.js';
export { StdioTransport } from './stdio/stdio-transport.js';
export type { StdioTransportOptions } from './stdio/stdio-transport-options.js';
export { agentToolName, MCP_TOOL_SEPARATOR } from './tools/agent-tool-name.js';
export { createMcpTools, McpToolAdapter, toToolResult } from './tools/mcp-tool-adapter.js';
