import type { OverflowPolicy } from '@clawft/types';
import { DROP_REASONS, type DropReason } from './channel-options.js';

/** Time senders spent waiting for space (only sends that had to wait), in milliseconds. */
export interface SendWaitMetrics {
  count: number;
  totalMs: number;
  maxMs: number;
}

/** A snapshot of one channel's counters, cheap to take at any time. */
export interface ChannelMetrics {
  name: string;
  capacity: number;
  maxBytes: number | undefined;
  overflowPolicy: OverflowPolicy;
  /** Items held now. */
  depth: number;
  /** Bytes held now (0 unless `maxBytes` is set). */
  bytes: number;
  /** The largest `depth` seen. */
  highWaterMark: number;
  /** Items taken in (including those later evicted). */
  accepted: number;
  /** Items handed to a receiver. */
  delivered: number;
  /** Items that did not stay, by reason. */
  dropped: Record<DropReason, number>;
  /** Sum of `dropped`. */
  droppedTotal: number;
  waitingSenders: number;
  waitingReceivers: number;
  /** Fairness lanes kept, live and idle (0 without `laneOf`): what the lanes cost in memory, ~300 bytes each. */
  lanes: number;
  sendWait: SendWaitMetrics;
  closed: boolean;
}

/** The channel's running counters. */
export class ChannelCounters {
  accepted = 0;
  delivered = 0;
  readonly dropped = Object.fromEntries(DROP_REASONS.map((reason) => [reason, 0])) as Record<
    DropReason,
    number
  >;
  readonly sendWait: SendWaitMetrics = { count: 0, totalMs: 0, maxMs: 0 };

  recordWait(waitedMs: number): void {
    this.sendWait.count += 1;
    this.sendWait.totalMs += waitedMs;
    if (waitedMs > this.sendWait.maxMs) this.sendWait.maxMs = waitedMs;
  }

  /** Copies of the counters, so a snapshot does not change under its reader. */
  snapshot(): Pick<ChannelMetrics, 'accepted' | 'delivered' | 'dropped' | 'droppedTotal' | 'sendWait'> {
    const dropped = { ...this.dropped };
    const droppedTotal = DROP_REASONS.reduce((sum, reason) => sum + dropped[reason], 0);
    return {
      accepted: this.accepted,
      delivered: this.delivered,
      dropped,
      droppedTotal,
      sendWait: { ...this.sendWait },
    };
  }
}
