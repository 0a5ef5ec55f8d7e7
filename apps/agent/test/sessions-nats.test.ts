// Sessions kept on NATS JetStream (bus.store "nats"): the gateway lists the caller's sessions that the workers wrote,
// and `clawft sessions list|show|delete` read and remove them as a child process that exits when done.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { natsServerBinary } from '@clawft/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { plainRequest } from './http-client.js';
import { runBuiltCli } from './run-built-cli.js';
import { lastUserText, SCALE_TOKEN, type ScaleOut, startScaleOut } from './scale-out-harness.js';

const binary = natsServerBinary();
const OTHER_TOKEN = 'other-sender-token-0123456789';

describe.skipIf(binary === undefined)('sessions on NATS JetStream', () => {
  let scale: ScaleOut | undefined;
  afterEach(async () => {
    await scale?.close();
    scale = undefined;
  }, 60_000);

  it("the gateway lists only the caller's sessions; clawft sessions lists, shows and deletes them", {
    timeout: 180_000,
  }, async () => {
    const run = await startScaleOut(binary ?? '', {
      llm: { script: (request) => ({ type: 'answer', text: `re:${lastUserText(request.body)}` }) },
    });
    scale = run;
    const tokens = [
      { token: SCALE_TOKEN, senderId: 'load' },
      { token: OTHER_TOKEN, senderId: 'other' },
    ];
    await run.worker();
    const gateway = await run.gateway({ gateway: { tokens } });
    const send = async (token: string, body: object, path = '/v1/agent/messages') => {
      const response = await plainRequest(`${gateway.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
    };
    await send(SCALE_TOKEN, { chatId: 'plans', content: 'remember the plan' });
    await send(SCALE_TOKEN, { chatId: 'notes', content: 'a note' });
    await send(SCALE_TOKEN, { chatId: 'plans', content: 'and this' });
    // A one-off turn (no x-clawft-session): never listed.
    const oneOff = { model: 'clawft', messages: [{ role: 'user', content: 'a one-off' }] };
    await send(SCALE_TOKEN, oneOff, '/v1/chat/completions');
    await send(OTHER_TOKEN, { chatId: 'theirs', content: 'private' });
    const list = async (token: string) => {
      const response = await plainRequest(`${gateway.url}/v1/sessions`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      return (JSON.parse(response.body) as { data: { id: string; createdAt: string }[] }).data;
    };
    const mine = await list(SCALE_TOKEN);
    expect(mine.map((session) => session.id)).toEqual(['plans', 'notes']);
    expect(mine[0]?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await list(OTHER_TOKEN)).map((session) => session.id)).toEqual(['theirs']);

    const configFile = join(run.dir, 'cli.json');
    await writeFile(configFile, JSON.stringify(run.config()));
    const clawft = (args: string[]) =>
      runBuiltCli([...args, '--config', configFile], { cwd: run.dir, env: { HOME: run.dir } });
    const listed = await clawft(['sessions', 'list', '--json']);
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    const report = JSON.parse(listed.stdout) as {
      stream: string;
      sessions: { key: string; messages: number; file: string }[];
    };
    expect(report.stream).toBe('CLAWFT_SESSIONS');
    expect(report.sessions.map((session) => [session.key, session.messages]).sort()).toEqual([
      ['gateway:load/notes', 2],
      ['gateway:load/plans', 4],
      ['gateway:other/theirs', 2],
    ]);
    const text = await clawft(['sessions']);
    expect(text.stdout).toContain('Sessions in JetStream stream CLAWFT_SESSIONS:');
    expect(text.stdout).toMatch(/gateway:load\/plans\s+4 messages/);

    const show = await clawft(['sessions', 'show', 'gateway:load/plans', '--json']);
    expect(show.code).toBe(0);
    const session = JSON.parse(show.stdout) as { key: string; messages: { content: string }[] };
    expect(session.messages.map((message) => message.content)).toEqual([
      'remember the plan',
      're:remember the plan',
      'and this',
      're:and this',
    ]);
    const removed = await clawft(['sessions', 'delete', 'gateway:load/plans', '--json']);
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toMatchObject({ deleted: 'gateway:load/plans' });
    expect((await list(SCALE_TOKEN)).map((entry) => entry.id)).toEqual(['notes']);
    const after = await clawft(['sessions', 'list', '--json']);
    expect((JSON.parse(after.stdout) as typeof report).sessions.map((entry) => entry.key).sort()).toEqual([
      'gateway:load/notes',
      'gateway:other/theirs',
    ]);
    const missing = await clawft(['sessions', 'show', 'gateway:load/plans']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no session "gateway:load/plans" in JetStream stream CLAWFT_SESSIONS');
    expect((await clawft(['sessions', 'delete', 'gateway:load/plans'])).code).toBe(1);

    // With the server gone, the command fails with the store's error kind instead of hanging.
    await run.nats.stop();
    const down = await clawft(['sessions', 'list']);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('bus-unavailable');
  });
});
