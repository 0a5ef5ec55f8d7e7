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

  it('grows linearly with the history: 20 times the records load in far less than 400 times the time', async () => {
    const config = { nats: { servers: [server.url], subjectPrefix: 'linear', sessionStream: 'LINEAR' } };
    const writer = await createJetStreamSessionStore({ config });
    const reader = await createJetStreamSessionStore({ config, maxCachedSessions: 1 });
    try {
      const lengths = { short: 100, long: 2000 };
      for (const [key, length] of Object.entries(lengths)) {
        for (let index = 0; index < length; index += 1) await writer.append(key, round(index));
      }
      /** One cold load (the reader caches one session: loading the other first evicts it). */
      const coldLoadMs = async (key: 'short' | 'long') => {
        await reader.load(key === 'short' ? 'long' : 'short');
        const started = performance.now();
        const { messages } = await reader.load(key);
        const elapsedMs = performance.now() - started;
        expect(messages).toHaveLength(2 * lengths[key]);
        return elapsedMs;
      };
      // Interleaved, the fastest of five each: a busy machine slows some loads, not the best of each kind.
      const samples = { short: [] as number[], long: [] as number[] };
      for (let attempt = 0; attempt < 5; attempt += 1) {
        samples.short.push(await coldLoadMs('short'));
        samples.long.push(await coldLoadMs('long'));
      }
      const ratio = Math.min(...samples.long) / Math.min(...samples.short);
      // Linear: about 20 times (less, with the fixed cost of a load); quadratic would be 400. 5× and 4× margins.
      expect(ratio).toBeLessThan(100);
    } finally {
      await Promise.all([writer.close(), reader.close()]);
    }
  });
});
