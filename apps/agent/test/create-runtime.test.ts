// createRuntime wires the agent the app runs: built-in tools in the registry, the loop against the configured
// provider (a fake OpenAI-compatible server on 127.0.0.1), sessions in the workspace; close() ends it all.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeLlmServer, type FakeLlmServer } from '@clawft/llm/testing';
import { ConfigSchema } from '@clawft/types';
import { afterEach, describe, expect, it } from 'vitest';
import { type AgentRuntime, createRuntime } from '../src/runtime/create-runtime.js';

describe('createRuntime', () => {
  let server: FakeLlmServer | undefined;
  let runtime: AgentRuntime | undefined;
  let workspace: string | undefined;
  afterEach(async () => {
    await runtime?.close({ shutdownMs: 100 });
    await server?.close();
    if (workspace !== undefined) await rm(workspace, { recursive: true, force: true });
  });

  it('runs a turn whose tool call reads a workspace file through the built-in tools', async () => {
    workspace = await mkdtemp(join(tmpdir(), 'clawft-runtime-'));
    await writeFile(join(workspace, 'notes.txt'), 'the launch code is blue');
    server = await createFakeLlmServer({
      script: [
        { type: 'answer', text: '', toolCalls: [{ name: 'read_file', arguments: { path: 'notes.txt' } }] },
        { type: 'answer', text: 'It says blue.' },
      ],
    });
    const config = ConfigSchema.parse({
      agents: { defaults: { workspace, model: 'local/model-a' } },
      providers: { local: { apiBase: server.openAiBaseUrl, apiKey: 'test-key' } },
    });
    runtime = await createRuntime({ config, pipeline: { costStore: false } });
    expect(runtime.mcp).toBeUndefined();
    expect(runtime.tools.definitions().map((tool) => tool.name)).toEqual(
      expect.arrayContaining(['read_file', 'write_file', 'edit_file', 'list_dir', 'exec']),
    );
    const message = {
      channel: 'cli',
      senderId: 'alice',
      chatId: 'main',
      content: 'what do my notes say?',
      media: [],
      metadata: {},
      timestamp: Date.now(),
    };
    const { reply } = await runtime.loop.runTurn(message);
    expect(reply.content).toBe('It says blue.');
    const second = server.requests[1]?.body as { messages: { role: string; content: string }[] };
    expect(second.messages.find((entry) => entry.role === 'tool')?.content).toContain(
      'the launch code is blue',
    );
    const session = await readFile(join(workspace, 'sessions', 'cli%3Amain.jsonl'), 'utf8');
    expect(session).toContain('read_file');
  });
});
