import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './parse-cli-args.js';

describe('parseCliArgs', () => {
  it('reads the command, its arguments and the flags', () => {
    expect(parseCliArgs(['status', '--json', '-c', 'a.json'])).toEqual({
      ok: true,
      command: 'status',
      args: [],
      flags: {
        config: 'a.json',
        json: true,
        verbose: false,
        help: false,
        version: false,
      },
      options: {},
    });
    expect(parseCliArgs(['--config=b.json', 'mcp', 'list'])).toMatchObject({
      command: 'mcp',
      args: ['list'],
      flags: { config: 'b.json' },
    });
  });

  it("parses a command's own options, and only after that command", () => {
    const optionsOf = (command: string) =>
      command === 'agent' ? { message: { type: 'string' as const, short: 'm' } } : undefined;
    expect(parseCliArgs(['agent', '-m', 'hi', '--verbose'], optionsOf)).toMatchObject({
      ok: true,
      command: 'agent',
      flags: { verbose: true },
      options: { message: 'hi' },
    });
    expect(parseCliArgs(['status', '-m', 'hi'], optionsOf)).toMatchObject({ ok: false });
  });

  it('leaves the command undefined when none is given', () => {
    expect(parseCliArgs(['-h'])).toMatchObject({ ok: true, command: undefined, flags: { help: true } });
  });

  it('returns a usage error for an unknown option or a missing option value', () => {
    expect(parseCliArgs(['--bogus'])).toMatchObject({
      ok: false,
      message: expect.stringContaining("'--bogus'"),
    });
    expect(parseCliArgs(['status', '--config'])).toMatchObject({
      ok: false,
      message: expect.stringContaining('--config'),
    });
  });
});
