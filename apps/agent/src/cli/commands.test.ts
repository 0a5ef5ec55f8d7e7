import { describe, expect, it } from 'vitest';
import type { CliIo } from './cli-io.js';
import { COMMANDS, findCommand } from './commands.js';
import { runCli } from './run-cli.js';
import { USAGE } from './usage.js';

describe('COMMANDS', () => {
  it('lists every command in --help with its summary', () => {
    for (const [name, entry] of Object.entries(COMMANDS)) {
      expect(USAGE).toMatch(new RegExp(`\\n  ${name} +${entry.summary}\\n`));
    }
  });

  it('finds a command by name and never an inherited property', async () => {
    expect(typeof (await findCommand('status')?.load())).toBe('function');
    expect(findCommand('toString')).toBeUndefined();
    expect(findCommand('constructor')).toBeUndefined();
  });

  it('rejects arguments for a command that takes none, without loading it', async () => {
    let stderr = '';
    const io: CliIo = {
      stdout: () => {},
      stderr: (text) => (stderr += text),
      env: {},
      cwd: '/',
      homeDir: '/',
    };
    expect(await runCli(['status', 'extra'], io)).toBe(2);
    expect(stderr).toContain('"status" takes no arguments (got extra)');
    expect(await runCli(['toString'], io)).toBe(2);
    expect(stderr).toContain('unknown command "toString"');
  });
});
