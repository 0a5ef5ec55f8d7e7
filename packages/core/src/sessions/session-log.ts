import { type ChatMessage, ChatMessageSchema, OutboundMessageSchema } from '@clawft/types';
import { z } from 'zod';
import { markTurn, type TurnMark } from './session-turns.js';

/** First line of every session file. */
export const SessionMetaLineSchema = z.object({
  type: z.literal('meta'),
  version: z.literal(1),
  key: z.string(),
  createdAt: z.string(),
});
export type SessionMetaLine = z.infer<typeof SessionMetaLineSchema>;

/**
 * One append: all its messages on one line, so that it is on disk whole or not at all. A turn's records carry the
 * inbound `messageId` it answers (absent in files written before, and for turns without one); its final record
 * also carries the `reply` as published, so a redelivered message is answered with it again.
 */
export const SessionRecordLineSchema = z.object({
  type: z.literal('messages'),
  at: z.string(),
  messages: z.array(ChatMessageSchema).min(1),
  messageId: z.string().min(1).optional(),
  reply: OutboundMessageSchema.optional(),
});
export type SessionRecordLine = z.infer<typeof SessionRecordLineSchema>;

const LineSchema = z.discriminatedUnion('type', [SessionMetaLineSchema, SessionRecordLineSchema]);

/**
 * A problem found while loading. `torn-line`: the file ends with a partial line (an append cut short by a crash);
 * it is ignored and cut off before the next append. `corrupt-line`: a complete line that is not a valid record;
 * it is skipped.
 */
export interface SessionIssue {
  /** 1-based line number. */
  line: number;
  reason: 'torn-line' | 'corrupt-line';
  message: string;
}

export interface ParsedSessionLog {
  meta: SessionMetaLine | undefined;
  messages: ChatMessage[];
  issues: SessionIssue[];
  /** Bytes up to and including the last newline: everything after is a torn line. */
  completeBytes: number;
  /** Whole lines read. */
  lines: number;
  /** The turns of the inbound message ids the records carry. */
  turns: Map<string, TurnMark>;
}

/** A log with nothing read yet. */
export function emptySessionLog(): ParsedSessionLog {
  return { meta: undefined, messages: [], issues: [], completeBytes: 0, lines: 0, turns: new Map() };
}

/**
 * Parses a session file, or (with `into`) the bytes of the file from `into.completeBytes` on, continuing `into` in
 * place: a file that grew is read from where the last read stopped, so a history loads in time linear in its
 * length. A torn tail reported earlier is dropped first (its bytes are read again). Never throws: bad lines become
 * `issues`.
 */
export function parseSessionLog(bytes: Buffer, into: ParsedSessionLog = emptySessionLog()): ParsedSessionLog {
  const result = into;
  if (result.issues.at(-1)?.reason === 'torn-line') result.issues.pop();
  const base = result.completeBytes;
  let start = 0;
  while (start < bytes.length) {
    const line = result.lines + 1;
    const end = bytes.indexOf(0x0a, start);
    if (end === -1) {
      const message = `the last ${bytes.length - start} bytes have no line end (an append cut short); ignored`;
      result.issues.push({ line, reason: 'torn-line', message });
      break;
    }
    applySessionLine(bytes.toString('utf8', start, end), line, result);
    start = end + 1;
    result.lines = line;
    result.completeBytes = base + start;
  }
  return result;
}

/**
 * Adds one record (a line of a session file, or a message of the JetStream session store) to `result`: its
 * messages, or the metadata, or an issue when it is not JSON or not a session record. Every store builds its
 * sessions with this.
 */
export function applySessionLine(text: string, line: number, result: ParsedSessionLog): void {
  if (text.trim() === '') return;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    result.issues.push({ line, reason: 'corrupt-line', message: `not JSON: ${(error as Error).message}` });
    return;
  }
  const parsed = LineSchema.safeParse(json);
  if (!parsed.success) {
    const message = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    result.issues.push({ line, reason: 'corrupt-line', message: `not a session record: ${message}` });
  } else if (parsed.data.type === 'meta') {
    result.meta ??= parsed.data;
  } else {
    const record = parsed.data;
    const start = result.messages.length;
    result.messages.push(...record.messages);
    if (record.messageId !== undefined)
      markTurn(result.turns, record.messageId, { start, end: result.messages.length }, record.reply);
  }
}

/** One line (with its newline) for `value`. */
export function encodeLine(value: SessionMetaLine | SessionRecordLine): string {
  return `${JSON.stringify(value)}\n`;
}
