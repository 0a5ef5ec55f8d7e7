import { createFakeLlmServer, type FakeLlmServer, type FakeStep } from '@clawft/llm/testing';
import { type Config, ProviderSettingsSchema } from '@clawft/types';
import { offlineStep } from './offline-script.js';

/** The provider slot the offline model is configured under. */
export const OFFLINE_PROVIDER = 'offline';
/** The model id `clawft agent` uses offline: `offline/<name>`. */
export const OFFLINE_MODEL = `${OFFLINE_PROVIDER}/clawft-offline`;

export interface StartOfflineModelOptions {
  /**
   * Steps served before the scripted behaviour, one per request (e.g. a 429 or a cut stream, for the demo).
   * @default []
   */
  prelude?: readonly FakeStep[];
}

/** A running offline model: a fake OpenAI-compatible server on 127.0.0.1 playing a scripted agent. */
export interface OfflineModel {
  /** The fake server (its `requests` show what the agent sent). */
  readonly server: FakeLlmServer;
  /** `config` with the `offline` provider slot pointing at the server and the default model set to it. */
  configFor(config: Config): Config;
  /** Closes the server (every socket). Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the built-in offline model: the fake provider server of `@clawft/llm/testing` on 127.0.0.1 (port 0),
 * scripted to exercise the agent loop for real (list the workspace, read files in parallel, write a note, answer
 * with what it found). Requests go through the real provider stack (undici, SSE, retry, failover).
 *
 * @example
 * const offline = await startOfflineModel();
 * const runtime = await createRuntime({ config: offline.configFor(config) });
 * // … runtime.loop.runTurn(…) …
 * await runtime.close();
 * await offline.close();
 */
export async function startOfflineModel(options: StartOfflineModelOptions = {}): Promise<OfflineModel> {
  const prelude = [...(options.prelude ?? [])];
  const server = await createFakeLlmServer({
    script: (request, index) => prelude[index] ?? offlineStep(request),
  });
  let closing: Promise<void> | undefined;
  return {
    server,
    configFor: (config) => ({
      ...config,
      providers: {
        ...config.providers,
        [OFFLINE_PROVIDER]: ProviderSettingsSchema.parse({ apiBase: server.openAiBaseUrl, api: 'openai' }),
      },
      agents: { ...config.agents, defaults: { ...config.agents.defaults, model: OFFLINE_MODEL } },
      routing: { ...config.routing, mode: 'static' },
      failover: { ...config.failover, targets: [] },
    }),
    close: () => {
      closing ??= server.close();
      return closing;
    },
  };
}
