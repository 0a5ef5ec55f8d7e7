import type { McpSession } from '../protocol/mcp-session.js';
import type { InitializeResult } from './mcp-schemas.js';
import { LATEST_PROTOCOL_VERSION, negotiateProtocolVersion } from './protocol-version.js';

/** Options for `initializeSession`. */
export interface InitializeSessionOptions {
  server: string;
  clientInfo: { name: string; version: string };
  signal?: AbortSignal;
}

/**
 * The MCP handshake: `initialize` offering the latest protocol version, acceptance of the version the server
 * answers with (if the client speaks it), then `notifications/initialized`.
 * @throws McpError `unsupported-protocol-version`, `protocol-error`, `request-timeout`, `aborted`, …
 */
export async function initializeSession(
  session: McpSession,
  options: InitializeSessionOptions,
): Promise<InitializeResult> {
  const params = {
    protocolVersion: LATEST_PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: options.clientInfo,
  };
  const result = await session.request(
    'initialize',
    params,
    options.signal === undefined ? {} : { signal: options.signal },
  );
  session.setProtocolVersion(negotiateProtocolVersion(result.protocolVersion, options.server));
  await session.notify('notifications/initialized');
  return result;
}
