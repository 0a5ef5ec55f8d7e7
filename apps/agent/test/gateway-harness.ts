import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeLlmServer, type FakeLlmServer, type FakeLlmServerOptions } from '@clawft/llm/testing';
import { type ConfigInput, ConfigSchema } from '@clawft/types';
import { loopBackend } from '../src/gateway/loop-backend.js';
import { type RunningGateway, startGateway } from '../src/gateway/start-gateway.js';
import { type AgentRuntime, createRuntime } from '../src/runtime/create-runtime.js';

export const ALICE_TOKEN = 'alice-token-0123456789abcdef';
export const BOB_TOKEN = 'bob-token-0123456789abcdef';

export interface GatewayHarness {
  gateway: RunningGateway;
  runtime: AgentRuntime;
  /** The primary fake provider (model `a/model-a`). */
  primary: FakeLlmServer;
  /** The failover target (model `b/model-b`). */
  backup: FakeLlmServer;
  workspace: string;
  close(): Promise<void>;
}

/**
 * A gateway in this process in front of a real agent loop whose providers are two fake OpenAI-compatible servers
 * on 127.0.0.1 (`a/model-a`, failing over to `b/model-b`). Tokens: alice (plain), bob (stored as sha256).
 */
export async function startHarness(
  options: { primary?: FakeLlmServerOptions; backup?: FakeLlmServerOptions; config?: ConfigInput } = {},
): Promise<GatewayHarness> {
  const workspace = await mkdtemp(join(tmpdir(), 'clawft-gateway-'));
  const primary = await createFakeLlmServer(options.primary ?? {});
  const backup = await createFakeLlmServer(options.backup ?? {});
  const { createHash } = await import('node:crypto');
  const bobHash = `sha256:${createHash('sha256').update(BOB_TOKEN).digest('hex')}`;
  const extra = options.config ?? {};
  const config = ConfigSchema.parse({
    ...extra,
    agents: { defaults: { workspace, model: 'a/model-a', ...extra.agents?.defaults } },
    providers: {
      a: { apiBase: primary.openAiBaseUrl, apiKey: 'test-key-a' },
      b: { apiBase: backup.openAiBaseUrl, apiKey: 'test-key-b' },
    },
    failover: { targets: ['b/model-b'], ...extra.failover },
    gateway: {
      port: 0,
      tokens: [
        { token: ALICE_TOKEN, senderId: 'alice' },
        { token: bobHash, senderId: 'bob' },
      ],
      ...extra.gateway,
    },
  });
  const runtime = await createRuntime({ config, pipeline: { costStore: false } });
  const gateway = await startGateway({ config, backend: loopBackend(runtime.loop) });
  return {
    gateway,
    runtime,
    primary,
    backup,
    workspace,
    close: async () => {
      await gateway.close();
      await runtime.close({ shutdownMs: 100 });
      await primary.close();
      await backup.close();
      await rm(workspace, { recursive: true, force: true });
    },
  };
}
