import { type ChatMessage, ChatMessageSchema } from '@clawft/types';
import { z } from 'zod';
import { unmatchedToolCall } from './check-tool-groups.js';
import { SessionError } from './session-error.js';

const MessagesSchema = z.array(ChatMessageSchema).min(1);

/**
 * The messages of one append, validated, or the `SessionError` refusing them: `invalid-message` when one fails the
 * schema, `incomplete-tool-call` when a tool call and its results are not all among them. Every store checks
 * appends with this.
 */
export function checkAppend(key: string, messages: readonly ChatMessage[]): ChatMessage[] | SessionError {
  const parsed = MessagesSchema.safeParse(messages);
  if (!parsed.success) {
    const message = `cannot append to session "${key}": ${parsed.error.issues[0]?.message ?? 'invalid'}`;
    return new SessionError({ kind: 'invalid-message', message, key, cause: parsed.error });
  }
  const unmatched = unmatchedToolCall(parsed.data);
  if (unmatched !== undefined) {
    const message = `cannot append to session "${key}": ${unmatched}; append a tool call with its results`;
    return new SessionError({ kind: 'incomplete-tool-call', message, key });
  }
  return parsed.data;
}
