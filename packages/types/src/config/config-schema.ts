import { z } from 'zod';
import {
  FailoverSchema,
  ProviderSettingsSchema,
  RetryPolicySchema,
  TimeoutsSchema,
} from './provider-config.js';
import { PricingSchema, RoutingSchema } from './routing-config.js';
import {
  AgentsSchema,
  BusSchema,
  GatewaySchema,
  ObservabilitySchema,
  ToolsSchema,
} from './runtime-config.js';

/**
 * The whole config.json. Every section is optional; `ConfigSchema.parse({})` is the built-in default. A process
 * on a NATS bus with the file budget store is refused: workers elsewhere could not see its cost files.
 */
export const ConfigSchema = z
  .object({
    agents: AgentsSchema.prefault({}),
    /** Provider slots by name (names kept as written). @default {} */
    providers: z.record(z.string(), ProviderSettingsSchema).default({}),
    retry: RetryPolicySchema.prefault({}),
    failover: FailoverSchema.prefault({}),
    timeouts: TimeoutsSchema.prefault({}),
    bus: BusSchema.prefault({}),
    tools: ToolsSchema.prefault({}),
    routing: RoutingSchema.prefault({}),
    pricing: PricingSchema.default({}),
    observability: ObservabilitySchema.prefault({}),
    gateway: GatewaySchema.prefault({}),
  })
  .superRefine((config, context) => {
    if (config.bus.transport === 'nats' && config.bus.store === 'file') {
      context.addIssue({
        code: 'custom',
        path: ['bus', 'store'],
        message:
          'bus.store "file" (also its default when unset) cannot be used with bus.transport "nats": workers on other machines could not see this process\'s cost files, so budgets would not hold across them. Set bus.store to "nats" (or "memory" for a single process).',
      });
    }
  });
export type Config = z.infer<typeof ConfigSchema>;
/** What a config file may contain (everything optional). */
export type ConfigInput = z.input<typeof ConfigSchema>;
