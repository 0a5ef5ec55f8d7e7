import { describe, expect, it } from 'vitest';
import * as services from '../src/index.js';

describe('@clawft/services public surface', () => {
  it('exports exactly these runtime values', () => {
    expect(Object.keys(services).sort()).toEqual([
      'CallToolResultSchema',
      'ContentBlockSchema',
      'INHERITED_ENV_VARS',
      'InitializeResultSchema',
      'JSON_RPC_METHOD_NOT_FOUND',
      'JsonRpcErrorObjectSchema',
      'JsonRpcErrorResponseSchema',
      'JsonRpcIdSchema',
      'JsonRpcNotificationSchema',
      'JsonRpcRequestSchema',
      'JsonRpcResultResponseSchema',
      'LATEST_PROTOCOL_VERSION',
      'LineSplitter',
      'ListToolsResultSchema',
      'MCP_RESULT_SCHEMAS',
      'MCP_TOOL_SEPARATOR',
      'McpClient',
      'McpServerManager',
      'McpSession',
      'McpToolAdapter',
      'McpToolSchema',
      'SUPPORTED_PROTOCOL_VERSIONS',
      'StdioTransport',
      'StreamableHttpTransport',
      'agentToolName',
      'buildServerEnv',
      'classifyMessage',
      'consoleLogger',
      'createMcpTools',
      'createServerRedactor',
      'createTransport',
      'negotiateProtocolVersion',
      'restartDelayMs',
      'silentLogger',
      'toToolResult',
    ]);
  });
});
