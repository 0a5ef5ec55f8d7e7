import type { JetStreamManager } from '@nats-io/jetstream';
import { ensureStream } from '../bus-jetstream/ensure-stream.js';
import type { JetStreamSessionSettings } from './jetstream-session-options.js';

const NANOS_PER_MS = 1_000_000;

/**
 * Creates (or updates) the session stream: every session's subject, file storage, limits-based retention with no
 * limit set (a history is kept until it is removed, like a session file), direct gets allowed (the cache is
 * revalidated with one), and a two-minute duplicate window for `Nats-Msg-Id`.
 */
export async function setUpSessionStream(
  jsm: JetStreamManager,
  settings: JetStreamSessionSettings,
): Promise<void> {
  const stream = {
    name: settings.stream,
    subjects: [settings.subjects],
    retention: 'limits' as const,
    storage: 'file' as const,
    allow_direct: true,
    duplicate_window: 120_000 * NANOS_PER_MS,
  };
  await ensureStream(jsm, stream, { update: true, subjectsKey: 'bus.nats.subjectPrefix' });
}
