import type { Consumer, JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { LedgerRead } from './budget-store.js';
import { type LedgerEntry, LedgerEntrySchema } from './cost-ledger.js';

const BATCH = 1000;
const FETCH_EXPIRES_MS = 2000;

/**
 * Reads the ledger stream by sequence: the stream's last sequence first (one request), then what lies between the
 * cursor and it through an ordered consumer kept open while reads continue where the last one ended. Reads run
 * one at a time.
 */
export class NatsLedgerReader {
  readonly #js: JetStreamClient;
  readonly #jsm: JetStreamManager;
  readonly #stream: string;
  #consumer: { consumer: Consumer; position: number } | undefined;
  #reading: Promise<unknown> = Promise.resolve();

  constructor(js: JetStreamClient, jsm: JetStreamManager, stream: string) {
    this.#js = js;
    this.#jsm = jsm;
    this.#stream = stream;
  }

  /** @throws the client's error; the consumer is then dropped, so a retry starts a fresh one at the cursor. */
  read(cursor: number, signal?: AbortSignal): Promise<LedgerRead> {
    const next = this.#reading.then(() =>
      this.#read(cursor, signal).catch((error: unknown) => {
        // An ordered consumer lives in the server's memory: a restart loses it.
        this.#consumer = undefined;
        throw error;
      }),
    );
    this.#reading = next.catch(() => undefined);
    return next;
  }

  async #read(cursor: number, signal?: AbortSignal): Promise<LedgerRead> {
    const last = (await this.#jsm.streams.info(this.#stream)).state.last_seq;
    if (last <= cursor) return { entries: [], cursor };
    let position = cursor;
    const consumer = await this.#consumerAt(cursor);
    const entries: LedgerEntry[] = [];
    while (position < last) {
      signal?.throwIfAborted();
      const batch = await consumer.fetch({
        max_messages: Math.min(BATCH, last - position),
        expires: FETCH_EXPIRES_MS,
      });
      let received = 0;
      for await (const message of batch) {
        received += 1;
        position = message.seq;
        const parsed = LedgerEntrySchema.safeParse(parseJson(message.string()));
        if (parsed.success) entries.push(parsed.data);
      }
      // Messages removed from the stream leave gaps: stop here and continue on the next read.
      if (received === 0) break;
    }
    this.#consumer = { consumer, position };
    return { entries, cursor: position };
  }

  async #consumerAt(cursor: number): Promise<Consumer> {
    if (this.#consumer?.position === cursor) return this.#consumer.consumer;
    this.#consumer = undefined;
    return this.#js.consumers.get(this.#stream, {
      deliver_policy: 'by_start_sequence',
      opt_start_seq: cursor + 1,
    });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
