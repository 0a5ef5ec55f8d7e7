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

/** The `BusError` for one refusal; `extra` is the item's bytes (`oversize`), the timeout in ms (`timeout`) or
 * `maxWaitingSenders` (`too-many-waiting`). */
export function channelError(channel: ChannelIdentity, cause: RefusalCause, extra?: number): BusError {
  return new BusError({
    kind: KINDS[cause],
    message: `Channel "${channel.name}" (capacity ${channel.capacity}): ${detail(cause, channel, extra)}`,
    channel: channel.name,
    capacity: channel.capacity,
  });
}
