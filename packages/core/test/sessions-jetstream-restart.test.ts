import type { ChatMessage } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { createJetStreamSessionStore } from '../src/sessions-jetstream/create-jetstream-session-store.js';
import { natsServerBinary, useNatsServer } from './helpers/nats-server.js';

const binary = natsServerBinary();

const round = (index: number): ChatMessage[] => [
  { role: 'user', content: `question ${index}` },
  {
    role: 'assistant',
    content: '',
    toolCalls: [{ id: `c${index}`, name: 'exec', arguments: { command: `echo ${index}` } }],
  },
  { role: 'tool', toolCallId: `c${index}`, name: 'exec', content: `${index}\n`, isError: false },
];

describe.skipIf(binary === undefined)(
  'JetStreamSessionStore across a server restart',
  { timeout: 90_000 },
  () => {
    const server = useNatsServer(binary);

    it('loses and doubles no append: each waits for the server to come back, then is stored once', async () => {
      const config = { nats: { servers: [server.url], subjectPrefix: 'restart', sessionStream: 'RESTART' } };
      const writer = await createJetStreamSessionStore({
        config,
        retryTimeoutMs: 60_000,
        requestTimeoutMs: 500,
      });
      const waiting = await createJetStreamSessionStore({
        config,
        retryTimeoutMs: 60_000,
        requestTimeoutMs: 500,
      });
      const total = 30;
      const keys = ['a', 'b', 'c', 'd'];
      let done = 0;
      try {
        // Four sessions appended at once, so that appends are in flight when the server stops.
        const appending = Promise.all(
          keys.map(async (key) => {
            for (let index = 0; index < total; index += 1) {
              await writer.append(key, round(index));
              done += 1;
            }
          }),
        );
        await expect.poll(() => done, { timeout: 30_000 }).toBeGreaterThanOrEqual(20);
        await server.stop();
        const stoppedAt = done;
        // A load while the server is down (nothing cached) waits for it, then reads what is stored.
        const loadingDuringOutage = waiting.load('a');
        // Down for longer than a few request timeouts: appends wait (none completes) and keep trying.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(done).toBe(stoppedAt);
        await server.start();
        await appending;
        expect(done).toBe(total * keys.length);
        // Whole rounds, in order: a prefix of the final history (appends went on after it was read).
        const full = Array.from({ length: total }, (_, index) => round(index)).flat();
        const duringOutage = (await loadingDuringOutage).messages;
        expect(duringOutage.length).toBeGreaterThan(0);
        expect(duringOutage.length % 3).toBe(0);
        expect(duringOutage).toEqual(full.slice(0, duringOutage.length));
        const reader = await createJetStreamSessionStore({ config });
        try {
          for (const key of keys) {
            const { messages } = await reader.load(key);
            expect(messages).toEqual(Array.from({ length: total }, (_, index) => round(index)).flat());
          }
        } finally {
          await reader.close();
        }
      } finally {
        await Promise.all([writer.close(), waiting.close()]);
      }
    });

    it('stores an append once when the server answered too late and the store published it again', async () => {
      const config = { nats: { servers: [server.url], subjectPrefix: 'frozen', sessionStream: 'FROZEN' } };
      const writer = await createJetStreamSessionStore({
        config,
        retryTimeoutMs: 60_000,
        requestTimeoutMs: 300,
      });
      try {
        await writer.append('s', round(0));
        await server.pause();
        let settled = false;
        const appending = writer.append('s', round(1)).finally(() => {
          settled = true;
        });
        // Frozen past several request timeouts: the first publish goes unanswered and is sent again (each waits in
        // the socket); thawed, the server stores the first and answers the others as duplicates.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(settled).toBe(false);
        server.resume();
        await appending;
        const reader = await createJetStreamSessionStore({ config });
        try {
          expect((await reader.load('s')).messages).toEqual([...round(0), ...round(1)]);
        } finally {
          await reader.close();
        }
      } finally {
        server.resume();
        await writer.close();
      }
    });
  },
);
