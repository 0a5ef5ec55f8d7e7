import type { MsgHdrs } from '@nats-io/transport-node';
import { z } from 'zod';

/** On a session's first record: its key, URI-encoded (a hashed subject token cannot be decoded back to it). */
export const SESSION_KEY_HEADER = 'Clawft-Session-Key';

/** On every record: the session's message count with this record, so a listing need not read the history. */
export const SESSION_MESSAGES_HEADER = 'Clawft-Session-Messages';

const CountSchema = z
  .string()
  .regex(/^\d{1,15}$/)
  .transform(Number);

/** Sets the headers of a record: the count always, the key on the first record of a subject. */
export function setSessionHeaders(
  headers: MsgHdrs,
  record: { key: string; first: boolean; messages: number },
): MsgHdrs {
  headers.set(SESSION_MESSAGES_HEADER, String(record.messages));
  if (record.first) headers.set(SESSION_KEY_HEADER, encodeURIComponent(record.key));
  return headers;
}

/** The key a first record names, or undefined (none, or not URI-encoded). */
export function keyHeader(headers: MsgHdrs | undefined): string | undefined {
  const value = headers?.get(SESSION_KEY_HEADER) ?? '';
  if (value === '') return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** The message count a record carries, or undefined (a record written without it). */
export function messagesHeader(headers: MsgHdrs | undefined): number | undefined {
  const parsed = CountSchema.safeParse(headers?.get(SESSION_MESSAGES_HEADER));
  return parsed.success ? parsed.data : undefined;
}
