import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDuration } from '../agent/terminal-text.js';
import { budgetSection } from './budget-section.js';
import { circuitSection } from './circuit-section.js';
import { costTableSection } from './cost-table-section.js';
import { failoverSection } from './failover-section.js';
import { parallelToolsSection } from './parallel-tools-section.js';
import { retryAfterSection } from './retry-after-section.js';

const SECTIONS: readonly [string, (workspace: string) => Promise<string[]>][] = [
  ['1. Three tools in parallel', parallelToolsSection],
  ['2. Mid-stream failover with a clean reset', failoverSection],
  ['3. A 429 honoured (Retry-After)', retryAfterSection],
  ['4. A circuit opening and closing', circuitSection],
  ['5. A budget refusing a sender', budgetSection],
  ['6. Cost per sender (from the ledger)', costTableSection],
];

/**
 * The guided tour: each section runs the real agent loop (`createRuntime`) against fake providers on
 * 127.0.0.1 (no network, no key) in a temp workspace, and prints what happened with measured numbers.
 * The workspace is removed at the end.
 *
 * @example
 * await runDemo((text) => process.stdout.write(text));
 */
export async function runDemo(write: (text: string) => void, signal?: AbortSignal): Promise<void> {
  const workspace = await mkdtemp(join(tmpdir(), 'clawft-demo-'));
  const started = performance.now();
  try {
    write(
      'clawft demo: the real agent loop against fake providers and the offline model on 127.0.0.1 (no network, no API key)\n',
    );
    for (const [title, section] of SECTIONS) {
      signal?.throwIfAborted();
      const sectionStarted = performance.now();
      const lines = await section(workspace);
      write(`\n${title} (${formatDuration(performance.now() - sectionStarted)})\n${lines.join('\n')}\n`);
    }
    write(
      `\nDone in ${formatDuration(performance.now() - started)}. Next: clawft init, then clawft agent -m "hello".\n`,
    );
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}
