import { mkdir } from 'node:fs/promises';
import { type ChatMessage, ChatRequestSchema } from '@clawft/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContextBuilder } from '../src/context/context-builder.js';
import { FileCache } from '../src/context/file-cache.js';
import { SkillsLoader } from '../src/skills/skills-loader.js';
import { skillMarkdown, type TempWorkspace, tempWorkspace } from './helpers/temp-workspace.js';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(() => ws.remove());

describe('ContextBuilder', () => {
  it('builds system prompt, history window and new message, ready for a ChatRequest', async () => {
    await ws.write('SOUL.md', 'You are kind.');
    await ws.write('.clawft/SOUL.md', 'Never shown: the workspace copy wins.');
    await ws.write('.clawft/USER.md', 'The user is Ada.');
    await ws.write('memory/MEMORY.md', 'Ada prefers metric units.');
    const cache = new FileCache();
    const skills = new SkillsLoader({
      roots: [{ directory: ws.path('skills'), source: 'workspace' }],
      cache,
    });
    await ws.write(
      'skills/weather/SKILL.md',
      skillMarkdown({ name: 'weather', description: 'Get forecasts' }),
    );
    await ws.write(
      'skills/secret/SKILL.md',
      skillMarkdown({ name: 'secret', description: 'Hidden', 'disable-model-invocation': 'true' }),
    );
    const history: ChatMessage[] = [
      { role: 'user', content: 'read a' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [{ id: 'c1', name: 'read_file', arguments: { path: 'a' } }],
      },
      { role: 'tool', toolCallId: 'c1', name: 'read_file', content: 'A', isError: false },
      { role: 'assistant', content: 'a says A', toolCalls: [] },
    ];
    const builder = new ContextBuilder({ workspace: ws.dir, cache, skills, memoryWindow: 2 });
    const messages = await builder.build({ history, message: 'thanks' });

    const system = messages[0];
    expect(system?.role).toBe('system');
    const text = system?.role === 'system' ? system.content : '';
    expect(text).toContain('# SOUL.md\n\nYou are kind.');
    expect(text).not.toContain('Never shown');
    expect(text).toContain('# .clawft/USER.md\n\nThe user is Ada.');
    expect(text).toContain('# Memory\n\nAda prefers metric units.');
    expect(text).toContain(`- weather: Get forecasts (${ws.path('skills', 'weather', 'SKILL.md')})`);
    expect(text).not.toContain('secret');
    expect(text.indexOf('# SOUL.md')).toBeLessThan(text.indexOf('USER.md'));
    // memoryWindow 2 would start at the tool result: the window moves past it.
    expect(messages.slice(1)).toEqual([history[3], { role: 'user', content: 'thanks' }]);
    expect(ChatRequestSchema.safeParse({ model: 'openai/gpt-4o-mini', messages }).success).toBe(true);
  });

  it('reports skill problems with the prompt and still builds', async () => {
    await ws.write('skills/broken/SKILL.md', 'no frontmatter here');
    const skills = new SkillsLoader({ roots: [{ directory: ws.path('skills'), source: 'workspace' }] });
    const prompt = await new ContextBuilder({ workspace: ws.dir, skills }).buildSystemPrompt();
    expect(prompt.text).toBe('');
    expect(prompt.skillProblems).toEqual([
      expect.objectContaining({ path: ws.path('skills', 'broken', 'SKILL.md'), reason: 'malformed' }),
    ]);
  });

  it('leaves out and reports a bootstrap file that cannot be read', async () => {
    await mkdir(ws.path('AGENTS.md'));
    await ws.write('SOUL.md', 'Still here.');
    const prompt = await new ContextBuilder({ workspace: ws.dir }).buildSystemPrompt();
    expect(prompt.text).toBe('# SOUL.md\n\nStill here.');
    expect(prompt.unreadableFiles).toEqual([
      expect.objectContaining({ path: ws.path('AGENTS.md'), code: 'EISDIR' }),
    ]);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const builder = new ContextBuilder({ workspace: ws.dir });
    await expect(builder.build({ signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
