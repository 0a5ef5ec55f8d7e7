import { McpError } from '@clawft/types';

/** The MCP revision the client offers in `initialize`. */
export const LATEST_PROTOCOL_VERSION = '2025-11-25';

/** Every revision the client can speak, newest first. */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly string[] = [
  LATEST_PROTOCOL_VERSION,
  '2025-06-18',
  '2025-03-26',
  '2024-11-05',
];

/**
 * Accepts the version a server answered `initialize` with, if the client speaks it.
 * @throws McpError `unsupported-protocol-version`
 */
export function negotiateProtocolVersion(answered: string, server?: string): string {
  if (SUPPORTED_PROTOCOL_VERSIONS.includes(answered)) return answered;
  throw new McpError({
    kind: 'unsupported-protocol-version',
    message: `MCP server speaks protocol ${answered}; this client supports ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}`,
    method: 'initialize',
    ...(server === undefined ? {} : { server }),
  });
}
