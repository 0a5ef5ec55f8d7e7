import { BusError, type BusErrorKind } from '@clawft/types';

/** Where a channel error comes from. */
export interface ChannelIdentity {
  readonly name: string;
  readonly capacity: number;
  readonly maxBytes: number | undefined;
}

/** Why an item was refused or a wait ended without it. */
export type RefusalCause =
  | 'full'
  | 'too-many-waiting'
  | 'oversize'
  | 'closed'
  | 'timeout'
  | 'aborted'
  | 'receive-aborted'
  | 'drained';

const KINDS: Readonly<Record<RefusalCause, BusErrorKind>> = {
  full: 'bus-full',
  'too-many-waiting': 'bus-full',
  oversize: 'bus-full',
  timeout: 'bus-full',
  closed: 'bus-closed',
  drained: 'bus-closed',
  aborted: 'aborted',
  'receive-aborted': 'aborted',
};

function detail(cause: RefusalCause, channel: ChannelIdentity, extra: number | undefined): string {
  switch (cause) {
    case 'full':
      return 'it is full and its overflowPolicy is "reject"; retry later, consume faster or raise the capacity';
    case 'too-many-waiting':
      return `it is full and ${String(extra)} senders already wait for space (maxWaitingSenders); await each publish, consume faster or raise maxWaitingSenders`;
    case 'oversize':
      return `the item's ${String(extra)} bytes exceed maxBytes ${String(channel.maxBytes)}; split it or raise maxBytes`;
    case 'timeout':
      return `it stayed full for ${String(extra)} ms; consume faster or raise the capacity`;
    case 'closed':
      return 'it is closed; no more sends are accepted';
    case 'drained':
      return 'it is closed and drained';
    case 'aborted':
      return 'the send was aborted before the item was accepted';
    case 'receive-aborted':
      return 'the receive was aborted';
  }
}

// Refusals under overload come in floods (a full channel may refuse 100k publishes a second); their errors are built
// without a stack trace and share one message string per channel and cause, which makes each one about a tenth of
// the time and heap (decision 0141). The error's data (kind, channel, capacity) says what happened and where.
const FLOODING: ReadonlySet<RefusalCause> = new Set<RefusalCause>(['full', 'too-many-waiting', 'closed']);
const messages = new WeakMap<ChannelIdentity, Map<RefusalCause, string>>();

function sharedMessage(channel: ChannelIdentity, cause: RefusalCause, extra: number | undefined): string {
  let byCause = messages.get(channel);
  if (byCause === undefined) {
    byCause = new Map();
    messages.set(channel, byCause);
  }
  let message = byCause.get(cause);
  if (message === undefined) {
    message = messageOf(channel, cause, extra);
    byCause.set(cause, message);
  }
  return message;
}

function messageOf(channel: ChannelIdentity, cause: RefusalCause, extra: number | undefined): string {
  return `Channel "${channel.name}" (capacity ${channel.capacity}): ${detail(cause, channel, extra)}`;
}

/**
 * The `BusError` for one refusal; `extra` is the item's bytes (`oversize`), the timeout in ms (`timeout`) or
 * `maxWaitingSenders` (`too-many-waiting`, constant per channel).
 */
export function channelError(channel: ChannelIdentity, cause: RefusalCause, extra?: number): BusError {
  const options = { kind: KINDS[cause], channel: channel.name, capacity: channel.capacity };
  if (!FLOODING.has(cause)) return new BusError({ ...options, message: messageOf(channel, cause, extra) });
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new BusError({ ...options, message: sharedMessage(channel, cause, extra) });
  } finally {
    Error.stackTraceLimit = limit;
  }
}
