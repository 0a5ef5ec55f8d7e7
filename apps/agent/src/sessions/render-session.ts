import type { Session, SessionSummary } from '@clawft/core';
import { type ChatMessage, contentText } from '@clawft/types';

/** `clawft sessions list` as text: one line per session; `where` names the store (a directory, a stream). */
export function renderSessionList(where: string, sessions: readonly SessionSummary[]): string {
  if (sessions.length === 0) return `No sessions in ${where}.\n`;
  const width = Math.max(3, ...sessions.map((session) => session.key.length));
  const lines = sessions.map(
    (session) =>
      `  ${session.key.padEnd(width)}  ${String(session.messages).padStart(4)} messages  updated ${session.updatedAt}${(session.issues ?? 0) > 0 ? `  (${session.issues} damaged lines skipped)` : ''}\n`,
  );
  return `Sessions in ${where}:\n${lines.join('')}`;
}

function describe(message: ChatMessage): string {
  switch (message.role) {
    case 'system':
      return message.content;
    case 'user':
      return contentText(message.content);
    case 'assistant': {
      const calls = message.toolCalls.map((call) => `→ ${call.name}(${JSON.stringify(call.arguments)})`);
      return [message.content, ...calls].filter((part) => part !== '').join('\n    ');
    }
    case 'tool':
      return `${message.name}${message.isError ? ' (error)' : ''}: ${message.content}`;
    default: {
      const never: never = message;
      return String(never);
    }
  }
}

/** `clawft sessions show <key>` as text: the history, one message per paragraph. */
export function renderSession(session: Session): string {
  const head = `Session ${session.key} (${session.file}), created ${session.createdAt ?? 'unknown'}, ${session.messages.length} messages\n`;
  const body = session.messages.map((message) => `\n${message.role}:\n    ${describe(message)}\n`);
  return head + body.join('');
}
