import type { ChatMessage } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { createJetStreamSessionStore } from '../src/sessions-jetstream/create-jetstream-session-store.js';
import { natsServerBinary, useNatsServer } from './helpers/nats-server.js';

const binary = natsServerBinary();

const round = (index: number): ChatMessage[] => [
  {
    role: 'assistant',
    content: '',
    toolCalls: [{ id: `c${index}`, name: 'exec', arguments: { command: 'ls' } }],
  },
  {
    role: 'tool',
    toolCallId: `c${index}`,
    name: 'exec',
    content: `file-${index}\n`.repeat(8),
    isError: false,
  },
];

describe.skipIf(binary === undefined)('JetStreamSessionStore load time', { timeout: 120_000 }, () => {
  const server = useNatsServer(binary);

  it('grows linearly with the history: 10 times the records load in far less than 100 times the time', async () => {
    const config = { nats: { servers: [server.url], subjectPrefix: 'linear', sessionStream: 'LINEAR' } };
    const writer = await createJetStreamSessionStore({ config });
    const reader = await createJetStreamSessionStore({ config, maxCachedSessions: 1 });
    try {
      const lengths = { short: 200, long: 2000 };
      for (const [key, length] of Object.entries(lengths)) {
        for (let index = 0; index < length; index += 1) await writer.append(key, round(index));
      }
      /** The fastest of three cold loads (the reader caches one session: loading the other evicts it). */
      const coldLoadMs = async (key: string, length: number) => {
        const samples: number[] = [];
        for (let attempt = 0; attempt < 3; attempt += 1) {
          await reader.load(key === 'short' ? 'long' : 'short');
          const started = performance.now();
          const { messages } = await reader.load(key);
          samples.push(performance.now() - started);
          expect(messages).toHaveLength(2 * length);
        }
        return Math.min(...samples);
      };
      const short = await coldLoadMs('short', lengths.short);
      const long = await coldLoadMs('long', lengths.long);
      // Linear: about 10 times (less, with the fixed cost of a load); quadratic would be 100. A wide margin.
      expect(long / short).toBeLessThan(40);
    } finally {
      await Promise.all([writer.close(), reader.close()]);
    }
  });
});
