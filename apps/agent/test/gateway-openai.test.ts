// The official `openai` client against the gateway's /v1/chat/completions, with a real agent loop behind it whose
// primary provider (a fake server) cuts its stream mid-answer: the loop fails over, the client sees one answer.
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { ALICE_TOKEN, type GatewayHarness, startHarness } from './gateway-harness.js';

const CUT_ANSWER = {
  type: 'answer',
  text: 'Hello from the wrong one',
  chunks: 4,
  cutAfterChunks: 2,
} as const;
const GOOD_ANSWER = { type: 'answer', text: 'Hello from the backup', chunks: 3 } as const;

describe('gateway /v1/chat/completions with the openai client', () => {
  let harness: GatewayHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  const client = (h: GatewayHarness) =>
    new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: ALICE_TOKEN, maxRetries: 0 });

  it('answers a non-streaming request once, after a failover during the answer, with the clawft extension', async () => {
    harness = await startHarness({ primary: { script: [CUT_ANSWER] }, backup: { script: [GOOD_ANSWER] } });
    const completion = await client(harness).chat.completions.create({
      model: 'clawft',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.choices[0]?.message.content).toBe('Hello from the backup');
    expect(completion.model).toBe('b/model-b');
    const extension = (
      completion as unknown as { clawft: { attempts: number; end: string; sessionKey: string } }
    ).clawft;
    expect(extension.end).toBe('answered');
    expect(extension.attempts).toBeGreaterThanOrEqual(2);
    expect(extension.sessionKey).toMatch(/^gateway:alice\/oneoff-/);
    expect(harness.primary.requests).toHaveLength(1);
    expect(harness.backup.requests).toHaveLength(1);
  });

  it('streams one clean answer after a failover mid-stream: no text of the failed attempt reaches the client', async () => {
    harness = await startHarness({ primary: { script: [CUT_ANSWER] }, backup: { script: [GOOD_ANSWER] } });
    const stream = await client(harness).chat.completions.create({
      model: 'clawft',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null | undefined;
    let usage: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe('Hello from the backup');
    expect(finish).toBe('stop');
    expect(harness.primary.requests).toHaveLength(1);
    expect(harness.backup.requests).toHaveLength(1);
    expect(usage).toMatchObject({ completion_tokens: expect.any(Number) });
  });

  it('keeps server-side history under x-clawft-session and takes only the last user message', async () => {
    harness = await startHarness({
      primary: {
        script: [
          { type: 'answer', text: 'one' },
          { type: 'answer', text: 'two' },
        ],
      },
    });
    const openai = client(harness);
    const headers = { 'x-clawft-session': 'work' };
    await openai.chat.completions.create(
      { model: 'clawft', messages: [{ role: 'user', content: 'first' }] },
      { headers },
    );
    const second = await openai.chat.completions.create(
      {
        model: 'clawft',
        messages: [
          { role: 'user', content: 'ignored' },
          { role: 'user', content: 'second' },
        ],
      },
      { headers },
    );
    expect(second.choices[0]?.message.content).toBe('two');
    const sent = harness.primary.requests[1]?.body as { messages: { role: string; content: string }[] };
    const userTexts = sent.messages.filter((m) => m.role === 'user').map((m) => m.content);
    expect(userTexts).toEqual(['first', 'second']);
  });

  it("folds a one-off request's own history into the message and keeps no session", async () => {
    harness = await startHarness();
    await client(harness).chat.completions.create({
      model: 'clawft',
      messages: [
        { role: 'user', content: 'my name is Ada' },
        { role: 'assistant', content: 'Hello Ada' },
        { role: 'user', content: 'what is my name?' },
      ],
    });
    const sent = harness.primary.requests[0]?.body as { messages: { role: string; content: string }[] };
    const last = sent.messages.at(-1)?.content ?? '';
    expect(last).toContain('user: my name is Ada');
    expect(last).toContain('what is my name?');
    const list = await fetch(`${harness.gateway.url}/v1/sessions`, {
      headers: { authorization: `Bearer ${ALICE_TOKEN}` },
    });
    expect(await list.json()).toEqual({ data: [] });
  });
});
