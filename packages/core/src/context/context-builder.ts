import { join, relative } from 'node:path';
import type { ChatMessage } from '@clawft/types';
import { resolvePath } from '../shared/resolve-path.js';
import type { SkillProblem } from '../skills/skill-schema.js';
import type { SkillsLoader } from '../skills/skills-loader.js';
import { renderSkillsSummary } from '../skills/skills-summary.js';
import { FileCache, type FileSnapshot } from './file-cache.js';
import { historyWindow } from './history-window.js';
import { type PromptPart, type PromptSection, renderPrompt } from './render-prompt.js';

/** Bootstrap files, in prompt order; each is looked up in the workspace, then in `<workspace>/.clawft/`. */
export const BOOTSTRAP_FILES: readonly string[] = [
  'SOUL.md',
  'IDENTITY.md',
  'AGENTS.md',
  'USER.md',
  'TOOLS.md',
];

export interface ContextBuilderOptions {
  /** The agent's workspace (`agents.defaults.workspace`); `~` is expanded. */
  workspace: string;
  /** Shared with the skills loader. @default a new FileCache */
  cache?: FileCache;
  /** Supplies the skills summary; none when absent. */
  skills?: SkillsLoader;
  /** @default BOOTSTRAP_FILES */
  bootstrapFiles?: readonly string[];
  /** History entries put in context (`agents.defaults.memoryWindow`). @default 50 */
  memoryWindow?: number;
  /** Characters of any one file put in the prompt. @default 32000 */
  maxFileChars?: number;
  /** Characters of the whole system prompt. @default 128000 */
  maxTotalChars?: number;
}

/** A bootstrap or memory file that exists but could not be read (left out of the prompt). */
export interface UnreadableFile {
  path: string;
  /** The file system's error code, e.g. `EACCES`, `EISDIR`. */
  code: string | undefined;
  message: string;
}

/** The system prompt with an account of what went into it and what was left out. */
export interface SystemPrompt {
  text: string;
  sections: readonly PromptSection[];
  unreadableFiles: readonly UnreadableFile[];
  skillProblems: readonly SkillProblem[];
}

export interface BuildContextOptions {
  /** The session's history, oldest first. */
  history?: readonly ChatMessage[];
  /** The new user message, appended last. */
  message?: string;
  signal?: AbortSignal;
}

/**
 * Builds the messages for a model call: a system prompt from the workspace bootstrap files, long-term memory
 * (`memory/MEMORY.md`) and the skills summary, then the last `memoryWindow` history entries (never splitting a tool
 * call from its results), then the new message. Files come from a `FileCache`, so a build with nothing changed
 * reads nothing (and re-renders nothing).
 *
 * @example
 * const builder = new ContextBuilder({ workspace: '~/.clawft/workspace', skills });
 * const messages = await builder.build({ history, message: 'hello' });
 */
export class ContextBuilder {
  readonly #workspace: string;
  readonly #cache: FileCache;
  readonly #skills: SkillsLoader | undefined;
  readonly #files: readonly string[];
  readonly #memoryWindow: number;
  readonly #limits: { maxFileChars: number; maxTotalChars: number };
  #last: { inputs: readonly unknown[]; prompt: SystemPrompt } | undefined;
  #renderCount = 0;

  constructor(options: ContextBuilderOptions) {
    this.#workspace = resolvePath(options.workspace);
    this.#cache = options.cache ?? new FileCache();
    this.#skills = options.skills;
    this.#files = options.bootstrapFiles ?? BOOTSTRAP_FILES;
    this.#memoryWindow = options.memoryWindow ?? 50;
    this.#limits = {
      maxFileChars: options.maxFileChars ?? 32_000,
      maxTotalChars: options.maxTotalChars ?? 128_000,
    };
  }

  /** System prompts rendered so far (a build with no file changed reuses the previous one). */
  get renderCount(): number {
    return this.#renderCount;
  }

  /** Messages ready for a `ChatRequest`: system prompt, history window, new message. */
  async build(options: BuildContextOptions = {}): Promise<ChatMessage[]> {
    const prompt = await this.buildSystemPrompt(options.signal ? { signal: options.signal } : {});
    const messages: ChatMessage[] = [{ role: 'system', content: prompt.text }];
    messages.push(...historyWindow(options.history ?? [], this.#memoryWindow));
    if (options.message !== undefined) messages.push({ role: 'user', content: options.message });
    return messages;
  }

  /** The system prompt alone, with what went into it; reused as is while no input file changed. */
  async buildSystemPrompt(options: { signal?: AbortSignal } = {}): Promise<SystemPrompt> {
    const read = options.signal ? { signal: options.signal } : {};
    const [files, memory, scan] = await Promise.all([
      Promise.all(this.#files.map((name) => this.#bootstrapFile(name, read))),
      this.#readFile(join(this.#workspace, 'memory', 'MEMORY.md'), read),
      this.#skills?.load(read),
    ]);
    const inputs = [...files, memory, scan];
    if (this.#last !== undefined && sameInputs(this.#last.inputs, inputs)) return this.#last.prompt;
    this.#renderCount += 1;
    const titled = files.map((file) => ({ file, title: relative(this.#workspace, file.path) }));
    titled.push({ file: memory, title: 'Memory' });
    const parts: PromptPart[] = [];
    const unreadableFiles: UnreadableFile[] = [];
    for (const { file, title } of titled) {
      if ('code' in file) unreadableFiles.push(file);
      else parts.push(part(file, title));
    }
    if (scan !== undefined) parts.push({ title: 'Skills', path: '', text: renderSkillsSummary(scan.skills) });
    const prompt = {
      ...renderPrompt(parts, this.#limits),
      unreadableFiles,
      skillProblems: scan?.problems ?? [],
    };
    this.#last = { inputs, prompt };
    return prompt;
  }

  async #bootstrapFile(name: string, read: { signal?: AbortSignal }): Promise<FileSnapshot | UnreadableFile> {
    const inWorkspace = await this.#readFile(join(this.#workspace, name), read);
    if ('code' in inWorkspace || inWorkspace.exists) return inWorkspace;
    return this.#readFile(join(this.#workspace, '.clawft', name), read);
  }

  async #readFile(path: string, read: { signal?: AbortSignal }): Promise<FileSnapshot | UnreadableFile> {
    try {
      return await this.#cache.read(path, read);
    } catch (error) {
      read.signal?.throwIfAborted();
      const code = (error as { code?: unknown } | null)?.code;
      const message = error instanceof Error ? error.message : String(error);
      return { path, code: typeof code === 'string' ? code : undefined, message };
    }
  }
}

function part(snapshot: FileSnapshot, title: string): PromptPart {
  const text = snapshot.text;
  return snapshot.complete
    ? { title, path: snapshot.path, text }
    : { title, path: snapshot.path, text, partialOfBytes: snapshot.size };
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
