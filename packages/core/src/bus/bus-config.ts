import { type Bus, BusSchema, ConfigError, type ConfigIssue } from '@clawft/types';

function rendered(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/**
 * Validates and defaults the `bus` section of config.json (parsed or partial) with `BusSchema`.
 *
 * @throws {ConfigError} `config-invalid`, with one issue per bad key, each named by its path (`bus.inboundCapacity`).
 * @example
 * parseBusConfig({ inboundCapacity: 64 }).overflowPolicy; // 'block'
 */
export function parseBusConfig(config: Partial<Bus> | undefined): Bus {
  const parsed = BusSchema.safeParse(config ?? {});
  if (parsed.success) return parsed.data;
  const issues: ConfigIssue[] = parsed.error.issues.map((issue) => {
    const path = ['bus', ...issue.path.map(String)].join('.');
    const received = rendered(valueAt(config, issue.path));
    return { path, received, expected: issue.message, message: `${issue.message} (received ${received})` };
  });
  const lines = issues.map((issue) => `  - ${issue.path}: ${issue.message}`);
  throw new ConfigError({
    kind: 'config-invalid',
    message: `Invalid bus config:\n${lines.join('\n')}\nFix the keys listed above (docs/configuration.md, section bus).`,
    issues,
  });
}
