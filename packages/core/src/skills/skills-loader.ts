import { join } from 'node:path';
import { FileCache, type FileSnapshot } from '../context/file-cache.js';
import { isMissingFileError } from '../context/file-system.js';
import { mapConcurrent } from '../shared/map-concurrent.js';
import { resolvePath } from '../shared/resolve-path.js';
import { parseLegacySkill, parseSkillMarkdown, type SkillParse, skillBody } from './parse-skill.js';
import {
  type Found,
  type FoundFile,
  foundFrom,
  oversized,
  type SkillRoot,
  sameScan,
  unreadable,
} from './skill-found.js';
import type { Skill, SkillProblem } from './skill-schema.js';

export type { SkillRoot } from './skill-found.js';

export interface SkillsLoaderOptions {
  /**
   * Skill directories (`~` expanded), lowest precedence first: a skill in a later root replaces a same-named one
   * in an earlier root.
   */
  roots: readonly SkillRoot[];
  /** Shared with the context builder so both see one cache. @default a new FileCache */
  cache?: FileCache;
  /** Skill files read at once. @default 16 */
  concurrency?: number;
  /** Bytes read first from each SKILL.md to find its frontmatter; more is read only when the fence is further. @default 4096 */
  headBytes?: number;
  /** A skill file larger than this is skipped as `oversized`. @default 262144 */
  maxSkillBytes?: number;
}

/** The outcome of a scan: the skills by name, the ones skipped (with path and reason) and the ones overridden. */
export interface SkillsScan {
  skills: readonly Skill[];
  problems: readonly SkillProblem[];
  /** Skills replaced by a same-named skill from a root of higher precedence. */
  shadowed: readonly Skill[];
}

/**
 * Loads skills (`<root>/<name>/SKILL.md` with YAML frontmatter, or legacy `skill.json` + `prompt.md`) with
 * asynchronous file I/O only, a bounded number of reads at once, frontmatter first and bodies on demand. A bad
 * skill is reported in `problems` and skipped; it never aborts the scan. Files go through a `FileCache`, and a
 * parse is reused while the file's content is unchanged.
 *
 * @example
 * const loader = new SkillsLoader({ roots: [{ directory: '~/.clawft/skills', source: 'user' }] });
 * const { skills, problems } = await loader.load();
 * const body = await loader.loadBody(skills[0]);
 */
export class SkillsLoader {
  readonly #roots: readonly SkillRoot[];
  readonly #cache: FileCache;
  readonly #concurrency: number;
  readonly #headBytes: number;
  readonly #maxSkillBytes: number;
  readonly #parses = new WeakMap<FileSnapshot, SkillParse>();
  #parseCount = 0;
  #last: { snapshots: FileSnapshot[]; scan: SkillsScan } | undefined;

  constructor(options: SkillsLoaderOptions) {
    this.#roots = options.roots.map((root) => ({ ...root, directory: resolvePath(root.directory) }));
    this.#cache = options.cache ?? new FileCache();
    this.#concurrency = options.concurrency ?? 16;
    this.#headBytes = options.headBytes ?? 4096;
    this.#maxSkillBytes = options.maxSkillBytes ?? 262_144;
  }

  /** Files parsed so far (a file whose content did not change is not parsed again). */
  get parseCount(): number {
    return this.#parseCount;
  }

  /** Scans every root. Returns the same object as the previous scan when nothing changed. */
  async load(options: { signal?: AbortSignal } = {}): Promise<SkillsScan> {
    const byName = new Map<string, Skill>();
    const problems: SkillProblem[] = [];
    const shadowed: Skill[] = [];
    const snapshots: FileSnapshot[] = [];
    for (const root of this.#roots) {
      for (const found of await this.#scanRoot(root, options.signal)) {
        snapshots.push(...found.snapshots);
        if (found.problem !== undefined) problems.push(found.problem);
        if (found.skill === undefined) continue;
        const previous = byName.get(found.skill.name);
        if (previous !== undefined) shadowed.push(previous);
        byName.set(found.skill.name, found.skill);
      }
    }
    const last = this.#last;
    if (
      last !== undefined &&
      sameScan({ snapshots: last.snapshots, problems: last.scan.problems }, { snapshots, problems })
    )
      return last.scan;
    const skills = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const scan: SkillsScan = { skills, problems, shadowed };
    this.#last = { snapshots, scan };
    return scan;
  }

  /** The skill's instructions (the SKILL.md body, or legacy prompt.md); `undefined` if its file is gone. */
  async loadBody(skill: Skill, options: { signal?: AbortSignal } = {}): Promise<string | undefined> {
    const snapshot = await this.#cache.read(skill.bodyPath, {
      maxBytes: this.#maxSkillBytes,
      ...(options.signal && { signal: options.signal }),
    });
    if (!snapshot.exists) return skill.format === 'legacy' ? '' : undefined;
    return skillBody(skill, snapshot.text);
  }

  async #scanRoot(root: SkillRoot, signal: AbortSignal | undefined): Promise<Found[]> {
    let names: string[];
    try {
      const entries = await this.#cache.fs.readDirectory(root.directory);
      names = entries
        .filter((entry) => (entry.isDirectory || entry.isSymbolicLink) && !entry.name.startsWith('.'))
        .map((entry) => entry.name)
        .sort();
    } catch (error) {
      if (isMissingFileError(error)) return [];
      return [{ problem: unreadable(root.directory, error), snapshots: [] }];
    }
    return mapConcurrent(names, this.#concurrency, (name) => this.#loadOne(root, name, signal), signal);
  }

  async #loadOne(root: SkillRoot, name: string, signal: AbortSignal | undefined): Promise<Found> {
    const directory = join(root.directory, name);
    const markdown = join(directory, 'SKILL.md');
    try {
      const head = await this.#read(markdown, this.#headBytes, signal);
      if (head.exists) return await this.#fromMarkdown(root, name, head, signal);
      const json = await this.#read(join(directory, 'skill.json'), this.#maxSkillBytes, signal);
      if (!json.exists) return { snapshots: [head, json] };
      return this.#found({
        root,
        name,
        file: json,
        bodyPath: join(directory, 'prompt.md'),
        snapshots: [head, json],
      });
    } catch (error) {
      signal?.throwIfAborted();
      const path = (error as { path?: unknown } | null)?.path;
      return { problem: unreadable(typeof path === 'string' ? path : markdown, error), snapshots: [] };
    }
  }

  async #fromMarkdown(
    root: SkillRoot,
    name: string,
    head: FileSnapshot,
    signal?: AbortSignal,
  ): Promise<Found> {
    let snapshot = head;
    if (snapshot.size <= this.#maxSkillBytes && this.#parse(snapshot, name).kind === 'incomplete') {
      snapshot = await this.#read(snapshot.path, this.#maxSkillBytes, signal);
    }
    return this.#found({ root, name, file: snapshot, bodyPath: snapshot.path, snapshots: [snapshot] });
  }

  #found(found: FoundFile): Found {
    if (found.file.size > this.#maxSkillBytes) return oversized(found, this.#maxSkillBytes);
    return foundFrom(found, this.#parse(found.file, found.name));
  }

  #parse(snapshot: FileSnapshot, name: string): SkillParse {
    let parsed = this.#parses.get(snapshot);
    if (parsed === undefined) {
      this.#parseCount += 1;
      const legacy = snapshot.path.endsWith('skill.json');
      parsed = legacy ? parseLegacySkill(snapshot, name) : parseSkillMarkdown(snapshot, name);
      this.#parses.set(snapshot, parsed);
    }
    return parsed;
  }

  #read(path: string, maxBytes: number, signal: AbortSignal | undefined): Promise<FileSnapshot> {
    return this.#cache.read(path, signal === undefined ? { maxBytes } : { maxBytes, signal });
  }
}
