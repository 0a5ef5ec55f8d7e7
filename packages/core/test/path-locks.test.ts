import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalPath } from '../src/locks/canonical-path.js';
import { PathLockManager } from '../src/locks/path-lock-manager.js';
import { type TempWorkspace, tempWorkspace } from './helpers/temp-workspace.js';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace('clawft-locks-');
});
afterEach(() => ws.remove());

/** 'pending' when `promise` has not settled within 20 ms (used only to check that something waits). */
async function state(promise: Promise<unknown>): Promise<'settled' | 'pending'> {
  const pending = Symbol('pending');
  const result = await Promise.race([promise.then(() => 'settled' as const), delay(20).then(() => pending)]);
  return result === pending ? 'pending' : 'settled';
}
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('canonicalPath', () => {
  it('gives a symlink and its target one key', async () => {
    await ws.write('real/file.txt', 'x');
    await symlink(ws.path('real'), ws.path('alias'));
    expect(await canonicalPath('alias/file.txt', ws.dir)).toBe(await canonicalPath('real/file.txt', ws.dir));
  });

  it('keys a file that does not exist yet as it will be keyed once created', async () => {
    await mkdir(ws.path('real'));
    await symlink(ws.path('real'), ws.path('alias'));
    const before = await canonicalPath('alias/new/deep.txt', ws.dir);
    await ws.write('real/new/deep.txt', 'now it exists');
    expect(await canonicalPath('real/new/deep.txt', ws.dir)).toBe(before);
  });
});

describe('PathLockManager', () => {
  const workspace = () => ({ workspace: ws.dir });

  it('lets readers share and makes a writer wait, also through a symlink alias', async () => {
    await ws.write('real/a.txt', 'x');
    await symlink(ws.path('real', 'a.txt'), ws.path('alias.txt'));
    const locks = new PathLockManager();
    const reader1 = await locks.acquire({ reads: ['real/a.txt'] }, workspace());
    const reader2 = await locks.acquire({ reads: ['alias.txt'] }, workspace());
    const writer = locks.acquire({ writes: ['alias.txt'] }, workspace());
    expect(await state(writer)).toBe('pending');
    reader1.release();
    reader2.release();
    const lease = await writer;
    expect(lease.waitMs).toBeGreaterThan(0);
    lease.release();
    expect(locks.size).toBe(0);
  });

  it('runs writers of different files at once', async () => {
    const locks = new PathLockManager();
    const a = await locks.acquire({ writes: ['a.txt'] }, workspace());
    // Resolves while `a` is still held (a deadlock here times the test out).
    const b = await locks.acquire({ writes: ['b.txt'] }, workspace());
    a.release();
    b.release();
  });

  it('makes a workspace-exclusive call wait for writers, and later writers wait for it', async () => {
    const locks = new PathLockManager();
    const writer = await locks.acquire({ writes: ['a.txt'] }, workspace());
    const exclusive = locks.acquire({ workspaceExclusive: true }, workspace());
    expect(await state(exclusive)).toBe('pending');
    const laterWriter = locks.acquire({ writes: ['other/b.txt'] }, workspace());
    writer.release();
    const held = await exclusive;
    expect(await state(laterWriter)).toBe('pending');
    held.release();
    (await laterWriter).release();
    expect(locks.size).toBe(0);
  });

  it('takes several keys in sorted order, so crossing requests never deadlock', async () => {
    const locks = new PathLockManager();
    const runs = Array.from({ length: 50 }, async (_, index) => {
      const writes = index % 2 === 0 ? ['x.txt', 'y.txt'] : ['y.txt', 'x.txt'];
      const lease = await locks.acquire({ writes }, workspace());
      await delay(0);
      lease.release();
      return lease.keys;
    });
    const keys = await Promise.all(runs);
    expect(keys[0]).toEqual(keys[1]);
    expect(locks.size).toBe(0);
  });

  it('stops waiting on abort, holding nothing and leaving no entry behind', async () => {
    const locks = new PathLockManager();
    const holder = await locks.acquire({ writes: ['b.txt'] }, workspace());
    const controller = new AbortController();
    const waiting = locks.acquire(
      { writes: ['a.txt', 'b.txt'] },
      { ...workspace(), signal: controller.signal },
    );
    await delay(10);
    controller.abort(new Error('turn cancelled'));
    await expect(waiting).rejects.toThrow('turn cancelled');
    // a.txt was released by the aborted request although b.txt is still held.
    (await locks.acquire({ writes: ['a.txt'] }, workspace())).release();
    holder.release();
    expect(locks.size).toBe(0);
  });

  it('keys paths inside a symlinked workspace by the real path', async () => {
    await mkdir(ws.path('real-ws'));
    await symlink(ws.path('real-ws'), ws.path('ws-link'));
    await writeFile(ws.path('real-ws', 'f.txt'), 'x');
    const locks = new PathLockManager();
    const lease = await locks.acquire({ writes: ['f.txt'] }, { workspace: ws.path('ws-link') });
    const other = locks.acquire({ writes: [ws.path('real-ws', 'f.txt')] }, { workspace: ws.path('real-ws') });
    expect(await state(other)).toBe('pending');
    lease.release();
    (await other).release();
  });
});
