import { getEventListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatRequest, StreamPart } from '@clawft/types';
import { Agent } from 'undici';
import { expect } from 'vitest';
import { createFakeLlmServer, type FakeLlmServer, type FakeStep } from '../../src/testing/index.js';

/** Node timers alive in this process right now. */
export function activeTimerCount(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
}

/** A fake server, a private undici agent, and a baseline of live timers to compare against. */
export interface Harness {
  server: FakeLlmServer;
  agent: Agent;
  timersBefore: number;
  /** Asserts the fault left nothing behind: no socket open on the server (the client destroyed it) and no timer. */
  expectNothingLeft(): Promise<void>;
  /** Closes the agent (pooled keep-alive sockets) and then asserts nothing is left. */
  closeAgentAndCheck(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startHarness(script: FakeStep[] = []): Promise<Harness> {
  const server = await createFakeLlmServer({ script });
  const agent = new Agent({ keepAliveTimeout: 2000, connect: { timeout: 2000 } });
  const timersBefore = activeTimerCount();
  const expectNothingLeft = async () => {
    await server.waitForNoConnections(1000);
    await waitFor(() => activeTimerCount() <= timersBefore, 'timers to be cleared');
  };
  return {
    server,
    agent,
    timersBefore,
    expectNothingLeft,
    async closeAgentAndCheck() {
      await agent.close();
      await expectNothingLeft();
    },
    async dispose() {
      await server.close();
      await agent.destroy();
    },
  };
}

/** Polls `condition` every 5 ms for up to `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 1500): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** A signal whose abort listeners are checked after use. */
export function expectNoAbortListeners(signal: AbortSignal): void {
  expect(getEventListeners(signal, 'abort')).toHaveLength(0);
}

export const chatRequest = (model: string, overrides: Partial<ChatRequest> = {}): ChatRequest => ({
  model,
  messages: [{ role: 'user', content: 'Say hello' }],
  tools: [],
  metadata: {},
  ...overrides,
});

export async function drain(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

/** Collects parts until the stream throws; resolves with both. */
export async function drainUntilError(
  parts: AsyncIterable<StreamPart>,
): Promise<{ parts: StreamPart[]; error: unknown }> {
  const out: StreamPart[] = [];
  try {
    for await (const part of parts) out.push(part);
  } catch (error) {
    return { parts: out, error };
  }
  throw new Error(`expected the stream to fail; got ${out.length} parts`);
}

/**
 * What a failover may take beyond its timer (or Retry-After) in these tests: the second issue 11 allows, plus two for
 * a loaded 2-core machine (at load 18 one took 1.16 s beyond it). A retry that should not happen is caught by the
 * request count, not by the time.
 */
export const BEYOND_THE_TIMER_MS = 3_000;

export const textOf = (parts: readonly StreamPart[]): string =>
  parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
