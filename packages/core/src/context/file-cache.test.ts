import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countingFileSystem } from '../../test/helpers/counting-file-system.js';
import { FileCache } from './file-cache.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clawft-cache-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('FileCache', () => {
  it('confirms a too-recent file by hash until it is older than the granularity', async () => {
    const file = join(dir, 'a.md');
    await writeFile(file, 'hello');
    let now = Date.now();
    const counting = countingFileSystem();
    const cache = new FileCache({ fs: counting.fs, mtimeGranularityMs: 1000, now: () => now });
    const first = await cache.read(file);
    expect(await cache.read(file)).toBe(first);
    expect(cache.stats().hashChecks).toBe(1);
    now += 5000;
    await cache.read(file); // verified again, now long after the mtime
    const reads = counting.totalReads();
    expect(await cache.read(file)).toBe(first);
    expect(await cache.read(file)).toBe(first);
    expect(counting.totalReads()).toBe(reads);
  });

  it('reads only the head asked for, and the rest when a caller needs more', async () => {
    const file = join(dir, 'big.md');
    await writeFile(file, 'x'.repeat(10_000));
    const cache = new FileCache();
    const head = await cache.read(file, { maxBytes: 100 });
    expect(head).toMatchObject({ bytesRead: 100, size: 10_000, complete: false });
    const whole = await cache.read(file);
    expect(whole).toMatchObject({ bytesRead: 10_000, complete: true });
    expect(await cache.read(file, { maxBytes: 100 })).toBe(whole);
  });

  it('caps what it reads at maxFileBytes', async () => {
    const file = join(dir, 'huge.md');
    await writeFile(file, 'y'.repeat(5000));
    const snapshot = await new FileCache({ maxFileBytes: 1000 }).read(file);
    expect(snapshot).toMatchObject({ bytesRead: 1000, size: 5000, complete: false });
  });

  it('rejects an aborted caller at once while the shared read completes for the others', async () => {
    const file = join(dir, 'b.md');
    await writeFile(file, 'shared');
    const cache = new FileCache();
    const controller = new AbortController();
    const aborted = cache.read(file, { signal: controller.signal });
    const other = cache.read(file);
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    expect((await other).text).toBe('shared');
  });

  it('passes on errors other than a missing file, and does not cache them', async () => {
    const cache = new FileCache();
    await expect(cache.read(dir)).rejects.toMatchObject({ code: 'EISDIR' });
    expect((await cache.read(join(dir, 'missing.md'))).exists).toBe(false);
  });
});
