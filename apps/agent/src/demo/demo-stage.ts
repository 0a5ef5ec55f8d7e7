import { randomUUID } from 'node:crypto';
import { type Config, ConfigSchema, type TurnEvent, type TurnOutcome } from '@clawft/types';
import { createRuntime } from '../runtime/create-runtime.js';

/** Prices of the demo's models, USD per million tokens (so the cost table has real numbers). */
export const DEMO_PRICING = {
  'primary/demo-large': { inputPerMillionUsd: 3, outputPerMillionUsd: 15 },
  'backup/demo-small': { inputPerMillionUsd: 0.5, outputPerMillionUsd: 1.5 },
  'offline/clawft-offline': { inputPerMillionUsd: 1, outputPerMillionUsd: 4 },
};

/** What one demo turn produced: its events (in order) and its outcome. */
export interface DemoTurn {
  events: TurnEvent[];
  outcome: TurnOutcome;
}

/** A runtime for one demo section: the real agent loop over the given config, in the demo's workspace. */
export interface DemoStage {
  turn(senderId: string, content: string): Promise<DemoTurn>;
  close(): Promise<void>;
}

/**
 * Builds the agent as `clawft agent` does (`createRuntime`) from `raw` config merged with the demo workspace
 * and pricing; turns book spend to `<workspace>/costs.json`, which the cost table reads at the end. `adapt`
 * rewrites the parsed config (the offline model's `configFor`).
 *
 * @example
 * const stage = await createDemoStage(workspace, { providers: { primary: { apiBase, apiKey: 'demo' } } });
 * try { await stage.turn('alice', 'hi'); } finally { await stage.close(); }
 */
export async function createDemoStage(
  workspace: string,
  raw: Record<string, unknown>,
  adapt: (config: Config) => Config = (config) => config,
): Promise<DemoStage> {
  const parsed = ConfigSchema.parse({
    pricing: DEMO_PRICING,
    ...raw,
    agents: { defaults: { workspace, model: 'primary/demo-large', maxTokens: 1000 } },
  });
  const runtime = await createRuntime({ config: adapt(parsed) });
  return {
    async turn(senderId, content) {
      const events: TurnEvent[] = [];
      const message = {
        channel: 'demo',
        senderId,
        chatId: randomUUID(),
        content,
        media: [],
        metadata: {},
        timestamp: Date.now(),
      };
      const { outcome } = await runtime.loop.runTurn(message, {
        onEvent: (event) => void events.push(event),
      });
      return { events, outcome };
    },
    close: () => runtime.close({ shutdownMs: 2_000 }),
  };
}
