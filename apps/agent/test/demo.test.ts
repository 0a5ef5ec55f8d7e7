// `clawft demo` runs to completion against its fake providers and prints each section with measured numbers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuiltCli } from './run-built-cli.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'clawft-demo-test-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('clawft demo (built CLI)', () => {
  it('runs every section to completion with exit 0 and prints its numbers', async () => {
    const run = await runBuiltCli(['demo'], { cwd: root, env: { HOME: root } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = run.stdout;
    // 1: three fetches in one batch, the sum of their durations against the batch's wall time.
    expect(out.match(/ {2}web_fetch http:\/\/127\.0\.0\.1:\d+\/\w+: \d+ ms/g)).toHaveLength(3);
    const ratio = /batch wall time [\d.]+ m?s; one after another: [\d.]+ m?s \(([\d.]+)x\)/.exec(out);
    // Run one by one they would take the sum; a wide margin for a loaded machine.
    expect(Number(ratio?.[1])).toBeGreaterThan(1.3);
    // 2: failover, reset of the partial text, the backup's full answer.
    expect(out).toContain('failover primary/demo-large → backup/demo-small (stream-truncated)');
    expect(out).toMatch(/reset: discarded "The capita\w*" \(\d+ chars shown, then erased\)/);
    expect(out).toContain('"The capital of France is Paris." after 2 attempts');
    // 3: the retry waited for Retry-After (measured at the server), not the 50 ms backoff.
    const waited = /the second request came ([\d.]+) s after the first/.exec(out);
    expect(Number(waited?.[1])).toBeGreaterThanOrEqual(0.95);
    // 4: two failures open the circuit (no request), the probe after the cooldown closes it.
    expect(out).toContain('turn 3 (circuit open): primary got 0 requests, answered by backup/demo-small');
    expect(out).toContain('turn 4 (probe): primary got 1 request, answered by primary/demo-large');
    expect(out).toContain('turn 5 (circuit closed): primary got 1 request, answered by primary/demo-large');
    // 5: mallory's budget refuses before any request.
    expect(out).toContain('alice: served');
    expect(out).toMatch(/mallory: refused: budget-exceeded: .*\(0 requests to the provider\)/);
    // 6: the cost table has a row per sender with real spend.
    expect(out).toMatch(/ {2}bob +\$0\.\d+ +\d+/);
    expect(out).toMatch(/ {2}alice +\$0\.\d+ +\d+/);
    // The bound: the tour finishes in under a minute (it takes a few seconds).
    const done = /Done in ([\d.]+) (m?s)\./.exec(out);
    expect(Number(done?.[1]) * (done?.[2] === 'ms' ? 0.001 : 1)).toBeLessThan(60);
  });
});
