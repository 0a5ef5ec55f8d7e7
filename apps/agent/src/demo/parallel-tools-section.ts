import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeLlmServer } from '@clawft/llm/testing';
import { formatDuration } from '../agent/terminal-text.js';
import { createDemoStage } from './demo-stage.js';

const SLOW_MS = 400;

/**
 * Three tools in one model step, run in parallel by the agent loop: three `web_fetch` calls of a local page that
 * takes 400 ms to answer. Prints the wall time of the batch against the sum of the three durations (what running
 * them one by one takes).
 */
export async function parallelToolsSection(workspace: string): Promise<string[]> {
  const page = createServer((request, response) => {
    const timer = setTimeout(() => response.end(`report ${request.url ?? ''}: all green`), SLOW_MS);
    response.once('close', () => clearTimeout(timer));
  });
  page.listen(0, '127.0.0.1');
  await once(page, 'listening');
  const base = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
  const calls = ['build', 'tests', 'deploy'].map((name) => ({
    name: 'web_fetch',
    arguments: { url: `${base}/${name}` },
  }));
  const server = await createFakeLlmServer({
    script: [
      { type: 'answer', text: '', toolCalls: calls },
      { type: 'answer', text: 'All three finished.' },
    ],
  });
  const stage = await createDemoStage(workspace, {
    providers: { primary: { apiBase: server.openAiBaseUrl, apiKey: 'demo', api: 'openai' } },
    tools: { webFetch: { allowAddresses: ['127.0.0.1'] } },
  });
  try {
    const { outcome } = await stage.turn('alice', 'run the three checks');
    const tools = outcome.timings.tools;
    const sequentialMs = tools.reduce((sum, tool) => sum + tool.durationMs, 0);
    const lines = tools.map(
      (tool) =>
        `  ${tool.name} ${String(calls[tools.indexOf(tool)]?.arguments.url)}: ${formatDuration(tool.durationMs)}${tool.isError ? ' (error)' : ''}`,
    );
    return [
      ...lines,
      `  batch wall time ${formatDuration(outcome.timings.toolsMs)}; one after another: ${formatDuration(sequentialMs)} ` +
        `(${(sequentialMs / Math.max(outcome.timings.toolsMs, 1)).toFixed(1)}x)`,
      `  answer: "${outcome.content}" (${outcome.end}, ${formatDuration(outcome.latencyMs)} for the turn)`,
    ];
  } finally {
    await stage.close();
    await server.close();
    page.closeAllConnections();
    page.close();
  }
}
