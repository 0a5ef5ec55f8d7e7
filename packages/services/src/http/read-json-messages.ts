import type { Readable } from 'node:stream';
import type { McpError } from '@clawft/types';
import { readSseEvents, SseError } from '@clawft/types/internal';
import { mcpError } from '../errors/mcp-error-factory.js';
import type { JsonRpcId } from '../jsonrpc/messages.js';

/** Options for `readJsonMessages`. */
export interface ReadJsonMessagesOptions {
  /** The body is `text/event-stream` (else one JSON value or a batch array). */
  sse: boolean;
  maxMessageBytes: number;
  onMessage: (message: unknown) => void;
  onInvalid: (text: string) => void;
  /** Called for every SSE event (before its message), with its `id` if it has one. */
  onEvent?: ((id: string | undefined) => void) | undefined;
  /** The request id whose response this body should carry. */
  responseId?: JsonRpcId | undefined;
  server?: string | undefined;
}

/**
 * Reads an HTTP reply body and hands each JSON-RPC message to `onMessage`. Resolves `true` when a response
 * to `responseId` was among them.
 * @throws McpError `message-too-large`
 */
export async function readJsonMessages(body: Readable, options: ReadJsonMessagesOptions): Promise<boolean> {
  let seen = false;
  const deliver = (text: string): void => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      options.onInvalid(text);
      return;
    }
    for (const message of Array.isArray(value) ? value : [value]) {
      if (isResponseTo(message, options.responseId)) seen = true;
      options.onMessage(message);
    }
  };
  const tooLarge = (cause?: unknown): McpError =>
    mcpError(
      'message-too-large',
      `MCP HTTP reply exceeded ${options.maxMessageBytes} bytes; raise maxMessageBytes if it is legitimate`,
      { server: options.server, cause },
    );
  const decoder = new TextDecoder();
  if (!options.sse) {
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > options.maxMessageBytes) throw tooLarge();
      chunks.push(chunk);
    }
    const text = decoder.decode(Buffer.concat(chunks));
    if (text.trim() !== '') deliver(text);
    return seen;
  }
  try {
    for await (const event of readSseEvents(body as AsyncIterable<Buffer>, {
      maxEventBytes: options.maxMessageBytes,
    })) {
      options.onEvent?.(event.id);
      // An event with empty data only primes resumption (it carries an id); it holds no message.
      if (event.event === 'message' && event.data !== '') deliver(event.data);
    }
  } catch (error) {
    throw SseError.is(error) ? tooLarge(error) : error;
  }
  return seen;
}

function isResponseTo(message: unknown, id: JsonRpcId | undefined): boolean {
  if (id === undefined || typeof message !== 'object' || message === null) return false;
  const candidate = message as { id?: unknown; result?: unknown; error?: unknown };
  return ('result' in candidate || 'error' in candidate) && String(candidate.id) === String(id);
}
