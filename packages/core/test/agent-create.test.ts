// createAgentLoop wires a loop from config.json: the pipeline to the configured providers, sessions and context in
// agents.defaults.workspace (bootstrap files in the prompt), and a bus of its own.
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TurnEvent } from '@clawft/types';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgentLoop } from '../src/agent/create-agent-loop.js';
import { inbound } from './agent-harness.js';
import { type Harness, startHarness } from './pipeline-harness.js';

describe('createAgentLoop', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
  });

  it('runs a turn against the configured provider with the workspace prompt, and keeps the session there', async () => {
    harness = await startHarness({}, { primary: [{ type: 'answer', text: 'hello there', chunks: 2 }] });
    await writeFile(join(harness.workspace, 'SOUL.md'), 'You are a careful agent.');
    const loop = await createAgentLoop({ config: harness.config, pipeline: { costStore: false } });
    const events: TurnEvent['type'][] = [];
    const { reply, outcome } = await loop.runTurn(inbound('alice', 'made', 'hi'), {
      onEvent: (event) => {
        events.push(event.type);
      },
    });
    expect(reply.content).toBe('hello there');
    expect(outcome).toMatchObject({ end: 'answered', published: false, model: 'primary/model-a' });
    expect(events[0]).toBe('turn-start');
    expect(events.filter((type) => type === 'part').length).toBeGreaterThanOrEqual(2);
    expect(events.at(-1)).toBe('turn-finish');
    const body = harness.primary.requests[0]?.body as { messages: { role: string; content: string }[] };
    expect(body.messages[0]?.role).toBe('system');
    expect(body.messages[0]?.content).toContain('You are a careful agent.');
    expect(await readdir(join(harness.workspace, 'sessions'))).toEqual(['test%3Amade.jsonl']);
    expect((await loop.sessions.load('test:made')).messages).toHaveLength(2);
    expect(loop.pipeline.costTracker.ledger({ senderId: 'alice' })).toHaveLength(1);
    await loop.shutdown({ deadlineMs: 100 });
  });
});
