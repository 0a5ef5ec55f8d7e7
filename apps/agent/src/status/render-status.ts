import type { Config } from '@clawft/types';
import { mcpProbeLines } from '../mcp/render-mcp-servers.js';
import type { McpServerReport, ProviderStatus, StatusReport } from './build-status.js';
import { spendLines } from './render-spend.js';

const usd = (value: number | undefined): string => (value === undefined ? 'none' : `$${value}`);

function table(rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [index, cell] of row.entries()) widths[index] = Math.max(widths[index] ?? 0, cell.length);
  }
  return rows.map((row) =>
    `${indent}${row.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join('  ')}`.trimEnd(),
  );
}

function sourceLines(report: StatusReport): string[] {
  const { source } = report;
  const where =
    source.path === undefined ? source.description : `${source.path} (from ${source.description})`;
  const lines = [`clawft ${report.version}`, `Config: ${where}`];
  if (report.warnings.length > 0) {
    lines.push(
      `Warnings (${report.warnings.length}):`,
      ...report.warnings.map((w) => `  - ${w.path}: ${w.message}`),
    );
  }
  return lines;
}

function agentLines(report: StatusReport): string[] {
  const { defaultModel } = report;
  const served =
    defaultModel.provider === null
      ? 'no provider'
      : `${defaultModel.provider}${defaultModel.source === 'provider-setting' ? ' (agents.defaults.provider)' : ''}, as "${defaultModel.providerModel}"`;
  const rows = Object.entries(report.agent).map(([key, value]) => [key, String(value)]);
  rows.push(['served by', served]);
  if (defaultModel.problem !== null) rows.push(['WARNING', defaultModel.problem]);
  return ['Agent defaults', ...table(rows)];
}

function keyText(provider: ProviderStatus): string {
  if (provider.key === 'config') return 'key set (in config)';
  if (provider.key === 'env') return `key set (${provider.keyEnv})`;
  if (!provider.keyRequired) return 'no key (none needed)';
  const where = provider.keyEnv === null ? '' : `${provider.keyEnv} or `;
  return `no key (set ${where}providers.${provider.name}.apiKey)`;
}

function providerLines(providers: readonly ProviderStatus[]): string[] {
  if (providers.length === 0) {
    return [
      'Providers',
      '  none configured (add a "providers" entry or set a key such as ANTHROPIC_API_KEY)',
    ];
  }
  const rows = providers.map((provider) => [
    provider.name,
    provider.apiBase ??
      (provider.presetBaseUrl === null ? '(no base URL)' : `${provider.presetBaseUrl} (preset)`),
    keyText(provider),
    provider.configured ? '' : '(from environment only)',
  ]);
  return ['Providers', ...table(rows)];
}

function reliabilityLines(report: StatusReport): string[] {
  const { retry, failover, timeouts } = report;
  const breaker = failover.circuitBreaker;
  return [
    'Reliability',
    ...table([
      [
        'retry',
        `${retry.maxRetries} retries, backoff ${retry.baseDelayMs}-${retry.maxDelayMs} ms, jitter ${retry.jitter}, ` +
          `on ${retry.retryableStatusCodes.join(', ')}; Retry-After ${retry.respectRetryAfter ? `honoured up to ${retry.maxRetryAfterMs} ms` : 'ignored'}; ` +
          `retry budget ${retry.budgetEnabled ? 'on' : 'off'}`,
      ],
      [
        'failover',
        failover.enabled
          ? `targets ${failover.targets.length === 0 ? 'none' : failover.targets.join(', ')}; stream mode ${failover.streamMode}; ` +
            `circuit breaker ${breaker.enabled ? `after ${breaker.failureThreshold} failures, cooldown ${breaker.cooldownMs} ms` : 'off'}`
          : 'off',
      ],
      [
        'timeouts',
        `connect ${timeouts.connectMs} ms, headers ${timeouts.headersMs} ms, first token ${timeouts.firstTokenMs} ms, ` +
          `idle ${timeouts.idleMs} ms, total ${timeouts.totalMs} ms`,
      ],
    ]),
  ];
}

function busLines(bus: StatusReport['bus']): string[] {
  const extras = [
    bus.maxBytes === undefined ? '' : `, max ${bus.maxBytes} bytes`,
    bus.sendTimeoutMs === undefined ? '' : `, send timeout ${bus.sendTimeoutMs} ms`,
  ].join('');
  return [
    'Bus',
    `  inbound ${bus.inboundCapacity}, outbound ${bus.outboundCapacity}, overflow ${bus.overflowPolicy}${extras}`,
  ];
}

function mcpLines(servers: readonly McpServerReport[]): string[] {
  if (servers.length === 0) return ['MCP servers', '  none'];
  const rows = servers.map((server) => {
    const target =
      server.transport === 'stdio' ? [server.command, ...server.args].join(' ') : (server.url ?? '');
    const env = Object.keys(server.env);
    return [
      server.enabled ? server.name : `${server.name} (disabled)`,
      server.transport,
      target,
      env.length === 0 ? '' : `env: ${env.map((name) => `${name}=${server.env[name]}`).join(' ')}`,
    ];
  });
  return ['MCP servers', ...table(rows)];
}

function routingLines(routing: Config['routing'], model: string): string[] {
  const budgets = routing.costBudgets;
  const lines = ['Routing', `  mode ${routing.mode}${routing.mode === 'static' ? ` (always ${model})` : ''}`];
  for (const tier of routing.tiers) {
    lines.push(`  tier ${tier.name} [${tier.complexityRange.join('-')}]: ${tier.models.join(', ')}`);
  }
  if (routing.fallbackModel !== undefined) lines.push(`  fallback ${routing.fallbackModel}`);
  lines.push(
    `  budgets: global daily ${usd(budgets.globalDailyLimitUsd)}, monthly ${usd(budgets.globalMonthlyLimitUsd)}; ` +
      `per sender daily ${usd(budgets.perSenderDailyLimitUsd)}, monthly ${usd(budgets.perSenderMonthlyLimitUsd)}; ` +
      `when exceeded: ${budgets.onExceeded}`,
  );
  for (const [sender, limit] of Object.entries(budgets.senders)) {
    lines.push(
      `  sender ${sender}: daily ${usd(limit.dailyLimitUsd)}, monthly ${usd(limit.monthlyLimitUsd)}`,
    );
  }
  const rate = routing.rateLimiting;
  lines.push(
    `  rate limiting ${rate.enabled ? `${rate.perSenderLimit} per sender, ${rate.globalLimit} overall per ${rate.windowMs} ms` : 'off'}`,
  );
  return lines;
}

/** The human-readable `clawft status` text. */
export function renderStatus(report: StatusReport): string {
  const sections = [
    sourceLines(report),
    agentLines(report),
    providerLines(report.providers),
    reliabilityLines(report),
    busLines(report.bus),
    mcpLines(report.mcpServers),
    routingLines(report.routing, report.agent.model),
    ...(report.spend === undefined ? [] : [spendLines(report.spend)]),
    ...(report.mcpProbe === undefined ? [] : [mcpProbeLines(report.mcpProbe)]),
  ];
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
