import type { McpServerProbe } from './probe-mcp-servers.js';

/** MCP servers as text: a line per server with its state, then its tools indented. */
export function renderMcpServers(reports: readonly McpServerProbe[]): string {
  if (reports.length === 0) return 'No MCP servers configured (tools.mcpServers in the config).\n';
  return reports
    .map((report) => {
      const state =
        report.state === 'connected'
          ? `connected (protocol ${report.protocolVersion ?? '?'}), ${report.tools.length} tools`
          : report.state === 'failed'
            ? `failed: ${report.error?.kind ?? 'error'}: ${report.error?.message ?? ''}`
            : 'disabled';
      const tools = report.tools.map(
        (tool) => `    ${tool.name}${tool.description === '' ? '' : `  ${firstLine(tool.description)}`}\n`,
      );
      return `  ${report.server}: ${state}\n${tools.join('')}`;
    })
    .join('');
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** The `MCP servers started` section of `clawft status --mcp`. */
export function mcpProbeLines(reports: readonly McpServerProbe[]): string[] {
  return ['MCP servers started (--mcp)', ...renderMcpServers(reports).trimEnd().split('\n')];
}
