import type { McpError } from '@clawft/types';
import type { Transport } from '../jsonrpc/transport.js';

/** The handlers a session puts on its transport. */
export interface TransportHandlers {
  onmessage: (message: unknown) => void;
  onclose: (error: McpError | undefined) => void;
  onerror: (error: Error) => void;
}

/**
 * Sets the session's handlers on `transport`, keeping any the caller set before (they are called first, then the
 * session's, which run even if one of theirs throws), so wrapping a transport in a session never silently disconnects someone else's listener.
 */
export function wireTransport(transport: Transport, handlers: TransportHandlers): void {
  const { onmessage, onclose, onerror } = transport;
  transport.onmessage = (message) => {
    try {
      onmessage?.(message);
    } finally {
      handlers.onmessage(message);
    }
  };
  transport.onclose = (error) => {
    try {
      onclose?.(error);
    } finally {
      handlers.onclose(error);
    }
  };
  transport.onerror = (error) => {
    try {
      onerror?.(error);
    } finally {
      handlers.onerror(error);
    }
  };
}
