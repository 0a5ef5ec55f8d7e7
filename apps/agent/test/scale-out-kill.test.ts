// A worker killed with SIGKILL in the middle of a turn, while its tool call (`exec sleep 2`, asked for by the fake
// provider) runs: after bus.nats.ackWaitMs the message goes to another worker, the client gets one answer, and the
// session holds no tool call without its result.
import { readdir, readFile } from 'node:fs/promises';
import { natsServerBinary } from '@clawft/core/testing';
import type { FakeStep } from '@clawft/llm/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { sseEvents } from './http-client.js';
import { type CliChild, lastUserText, pollFor, type ScaleOut, startScaleOut } from './scale-out-harness.js';

const binary = natsServerBinary();

/** The slow message gets a tool call first; a tool result gets the answer; anything else an echo. */
function script(request: { body: unknown }): FakeStep {
  const messages = (request.body as { messages: { role: string }[] }).messages;
  const last = messages[messages.length - 1];
  if (last?.role === 'tool') return { type: 'answer', text: 'slept well' };
  if (lastUserText(request.body) === 'slow')
    return {
      type: 'answer',
      text: '',
      toolCalls: [{ name: 'exec', arguments: { command: 'sleep 2' } }],
      finishReason: 'tool_calls',
    };
  return { type: 'answer', text: `re:${lastUserText(request.body)}` };
}

/** Whether a process whose parent is `pid` runs now (the worker's tool call). */
async function hasChild(pid: number): Promise<boolean> {
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    // pid (comm) state ppid …; comm may hold spaces, so read after the last ')'.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent === pid) return true;
  }
  return false;
}

describe.skipIf(binary === undefined)('scale-out: a worker killed mid-turn', () => {
  let scale: ScaleOut | undefined;
  afterEach(async () => {
    await scale?.close();
    scale = undefined;
  }, 60_000);

  it('redelivers its message to another worker, answers it once, leaves no orphan tool call', {
    timeout: 300_000,
  }, async () => {
    const run = await startScaleOut(binary ?? '', { llm: { script } });
    scale = run;
    const doomed: CliChild = await run.worker({ nats: { ackWaitMs: 2_000 } });
    const gateway = await run.gateway({ nats: { ackWaitMs: 2_000 } });
    const answer = run.post(gateway.url, '/v1/agent/messages', {
      chatId: 'k',
      content: 'slow',
      stream: true,
    });
    await pollFor('the tool call to run', async () =>
      (await hasChild(doomed.child.pid ?? -1)) ? true : undefined,
    );
    await doomed.stop('SIGKILL');
    const survivor = await run.worker({ nats: { ackWaitMs: 2_000 } });

    const response = await answer;
    expect(response.status).toBe(200);
    const events = sseEvents(response.body);
    const starts = events.filter((event) => event.event === 'turn-start');
    const finishes = events.filter((event) => event.event === 'turn-finish');
    // The native stream forwards the redelivered attempt's own turn-start; one turn-finish ends it.
    expect(starts.length).toBe(2);
    expect(new Set(starts.map((event) => JSON.parse(event.data).turnId)).size).toBe(2);
    expect(finishes).toHaveLength(1);
    expect(JSON.parse(finishes[0]?.data ?? '{}').outcome.content).toBe('slept well');

    const history = await run.get(gateway.url, '/v1/sessions/k');
    const messages = (
      JSON.parse(history.body) as {
        messages: { role: string; content: string; toolCalls?: { id: string }[]; toolCallId?: string }[];
      }
    ).messages;
    expect(messages.filter((message) => message.role === 'user').map((message) => message.content)).toEqual([
      'slow',
    ]);
    const calls = messages.flatMap((message) => message.toolCalls ?? []).map((call) => call.id);
    const results = messages
      .filter((message) => message.role === 'tool')
      .map((message) => message.toolCallId);
    expect(results.sort()).toEqual([...calls].sort());
    expect(messages.at(-1)).toMatchObject({ role: 'assistant', content: 'slept well' });
    expect(
      messages.filter((message) => message.role === 'assistant' && message.content === 'slept well'),
    ).toHaveLength(1);
    expect(await survivor.stop('SIGTERM')).toBe(0);
  });
});
