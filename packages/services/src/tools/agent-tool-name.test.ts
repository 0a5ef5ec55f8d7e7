import { describe, expect, it } from 'vitest';
import type { McpLogger } from '../logger.js';
import { agentToolName, createAgentToolNamer } from './agent-tool-name.js';

function recording(): McpLogger & { warnings: Array<Record<string, unknown> | undefined> } {
  const warnings: Array<Record<string, unknown> | undefined> = [];
  return { warnings, warn: (_message, fields) => warnings.push(fields) };
}

describe('agentToolName', () => {
  it('joins server and tool with a double underscore', () => {
    expect(agentToolName('fs', 'read_file')).toBe('fs__read_file');
  });

  it('replaces characters model APIs reject and keeps 64 characters at most', () => {
    expect(agentToolName('my server', 'files.read/v2')).toBe('my_server__files_read_v2');
    expect(agentToolName('s', 'x'.repeat(100))).toHaveLength(64);
  });
});

describe('createAgentToolNamer', () => {
  it('keeps the plain name for tools whose names do not collide and reports nothing', () => {
    const logger = recording();
    const name = createAgentToolNamer({ logger });
    expect([name('fs', 'read'), name('fs', 'write'), name('git', 'read')]).toEqual([
      'fs__read',
      'fs__write',
      'git__read',
    ]);
    expect(logger.warnings).toEqual([]);
  });

  it('gives the later of two tools cleaned to the same name a hash suffix and reports both tools', () => {
    const logger = recording();
    const name = createAgentToolNamer({ logger });
    expect(name('a.b', 'echo')).toBe('a_b__echo');
    const renamed = name('a_b', 'echo');
    expect(renamed).toBe('a_b__echo_e9288ff0'); // the README's example: the suffix is the same on every run
    expect(logger.warnings).toEqual([
      { server: 'a_b', tool: 'echo', name: renamed, collidesWith: { server: 'a.b', tool: 'echo' } },
    ]);
  });

  it('keeps a suffixed name within 64 characters when names collide after the cut', () => {
    const name = createAgentToolNamer({ logger: recording() });
    const prefix = 'x'.repeat(70);
    const first = name('srv', `${prefix}_one`);
    const second = name('srv', `${prefix}_two`);
    expect(first).toBe(agentToolName('srv', prefix));
    expect(second).toHaveLength(64);
    expect(second).toMatch(/^srv__x{50}_[0-9a-f]{8}$/);
  });

  it('gives the same tool the same suffix in every namer', () => {
    const names = [1, 2].map(() => {
      const name = createAgentToolNamer({ logger: recording() });
      name('a.b', 'echo');
      return name('a_b', 'echo');
    });
    expect(names[0]).toBe(names[1]);
  });

  it('never hands out a name twice, even for a tool listed twice or a plain name equal to a suffixed one', () => {
    const logger = recording();
    const name = createAgentToolNamer({ logger });
    const first = name('a.b', 'echo');
    const second = name('a_b', 'echo');
    const third = name('a_b', 'echo');
    const [server, tool] = second.split('__') as [string, string];
    const fourth = name(server, tool);
    expect(new Set([first, second, third, fourth]).size).toBe(4);
    expect([third, fourth].every((entry) => entry.length <= 64)).toBe(true);
    expect(logger.warnings).toHaveLength(3);
  });
});
