// Shared set-up of the pipeline integration tests: two fake OpenAI-compatible servers on 127.0.0.1 (providers
// `primary` and `backup`), a temp workspace, and a config.json pointing at them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RetryBudgetBucket } from '@clawft/llm';
import {
  createFakeLlmServer,
  type FakeLlmServer,
  type FakeRequest,
  type FakeStep,
} from '@clawft/llm/testing';
import { type Config, type ConfigInput, ConfigSchema } from '@clawft/types';
import { type CreatePipelineOptions, createPipeline } from '../src/pipeline/create-pipeline.js';
import type { Pipeline } from '../src/pipeline/pipeline.js';

export interface Harness {
  primary: FakeLlmServer;
  backup: FakeLlmServer;
  workspace: string;
  config: Config;
  pipeline(options?: Omit<CreatePipelineOptions, 'config'>): Promise<Pipeline>;
  close(): Promise<void>;
}

/** Prices of the fake models, USD per million tokens. */
export const TEST_PRICING = {
  'primary/model-a': { inputPerMillionUsd: 1, outputPerMillionUsd: 2 },
  'primary/model-b': { inputPerMillionUsd: 4, outputPerMillionUsd: 8 },
  'backup/model-c': { inputPerMillionUsd: 3, outputPerMillionUsd: 6 },
};

/** The text of the newest user message of a request the fake server received. */
export function lastUserText(request: FakeRequest): string {
  const body = request.body as { messages?: { role: string; content: unknown }[] };
  const user = body.messages?.filter((message) => message.role === 'user').at(-1);
  return typeof user?.content === 'string' ? user.content : '';
}

/** A server script that serves each request from the queue of the first key its user text contains. */
export function scriptByText(queues: Record<string, FakeStep[]>): (request: FakeRequest) => FakeStep {
  return (request) => {
    const text = lastUserText(request);
    const key = Object.keys(queues).find((candidate) => text.includes(candidate));
    return (
      (key === undefined ? undefined : queues[key]?.shift()) ?? { type: 'answer', text: 'default answer' }
    );
  };
}

export async function startHarness(
  overrides: ConfigInput = {},
  scripts: {
    primary?: FakeStep[] | ((request: FakeRequest) => FakeStep);
    backup?: FakeStep[] | ((request: FakeRequest) => FakeStep);
  } = {},
): Promise<Harness> {
  const primary = await createFakeLlmServer(scripts.primary === undefined ? {} : { script: scripts.primary });
  const backup = await createFakeLlmServer(scripts.backup === undefined ? {} : { script: scripts.backup });
  const workspace = await mkdtemp(join(tmpdir(), 'clawft-pipeline-'));
  const config = ConfigSchema.parse({
    ...overrides,
    agents: {
      defaults: { workspace, model: 'primary/model-a', maxTokens: 100, ...overrides.agents?.defaults },
    },
    providers: {
      primary: { apiBase: primary.openAiBaseUrl, apiKey: 'test-key', ...overrides.providers?.primary },
      backup: { apiBase: backup.openAiBaseUrl, apiKey: 'test-key', ...overrides.providers?.backup },
    },
    retry: { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 20, jitter: 0, ...overrides.retry },
    pricing: { ...TEST_PRICING, ...overrides.pricing },
  });
  const pipelines: Pipeline[] = [];
  return {
    primary,
    backup,
    workspace,
    config,
    async pipeline(options = {}) {
      const pipeline = await createPipeline({
        config,
        retryOptions: { budget: new RetryBudgetBucket() },
        ...options,
      });
      pipelines.push(pipeline);
      return pipeline;
    },
    async close() {
      await Promise.all([primary.close(), backup.close(), ...pipelines.map((pipeline) => pipeline.flush())]);
      await rm(workspace, { recursive: true, force: true });
    },
  };
}
