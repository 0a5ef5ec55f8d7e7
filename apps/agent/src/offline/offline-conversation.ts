/** What the offline model needs of an OpenAI chat-completions request body: the turn since the last user message. */
export interface OfflineTurnView {
  /** The last user message's text. */
  userText: string;
  /** Tool calls made since it, in order, with their results (`undefined` while missing). */
  calls: { name: string; arguments: Record<string, unknown>; result: string | undefined }[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;

/** Text of an OpenAI message `content` (a string or an array of text parts). */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : '')).join('');
}

function parseArguments(raw: unknown): Record<string, unknown> {
  if (typeof raw !== 'string') return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** Reads the turn out of a request body; an unexpected shape reads as an empty turn, never a throw. */
export function viewOfflineTurn(body: unknown): OfflineTurnView {
  const messages = isObject(body) && Array.isArray(body.messages) ? body.messages.filter(isObject) : [];
  let start = -1;
  messages.forEach((message, index) => {
    if (message.role === 'user') start = index;
  });
  const userText = start < 0 ? '' : textOf(messages[start]?.content);
  const calls: OfflineTurnView['calls'] = [];
  const byId = new Map<string, OfflineTurnView['calls'][number]>();
  for (const message of messages.slice(start + 1)) {
    if (message.role === 'assistant' && Array.isArray(message.tool_calls)) {
      for (const call of message.tool_calls.filter(isObject)) {
        const fn = isObject(call.function) ? call.function : {};
        const entry = {
          name: typeof fn.name === 'string' ? fn.name : '',
          arguments: parseArguments(fn.arguments),
          result: undefined,
        };
        calls.push(entry);
        if (typeof call.id === 'string') byId.set(call.id, entry);
      }
    }
    if (message.role === 'tool' && typeof message.tool_call_id === 'string') {
      const entry = byId.get(message.tool_call_id);
      if (entry !== undefined) entry.result = textOf(message.content);
    }
  }
  return { userText, calls };
}
