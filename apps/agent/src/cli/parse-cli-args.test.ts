import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './parse-cli-args.js';

describe('parseCliArgs', () => {
  it('reads the command, its arguments and the flags', () => {
    expect(parseCliArgs(['status', '--json', '-c', 'a.json'])).toEqual({
      ok: true,
      command: 'status',
      args: [],
      flags: { config: 'a.json', json: true, help: false, version: false },
    });
    expect(parseCliArgs(['--config=b.json', 'mcp', 'list'])).toMatchObject({
      command: 'mcp',
      args: ['list'],
      flags: { config: 'b.json' },
    });
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
