import { describe, expect, it } from 'vitest';
import { TurnScheduler } from './turn-scheduler.js';

/** A task that records its start and end and waits for `release()`. */
function gate(log: string[], name: string) {
  let release: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    task: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
    release: () => release(),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('TurnScheduler', () => {
  it('runs the tasks of one key one after another, in order', async () => {
    const log: string[] = [];
    const scheduler = new TurnScheduler(4);
    const [a, b] = [gate(log, 'a1'), gate(log, 'a2')];
    const results = [scheduler.run('a', a.task), scheduler.run('a', b.task)];
    await tick();
    expect(log).toEqual(['start a1']);
    a.release();
    await tick();
    expect(log).toEqual(['start a1', 'end a1', 'start a2']);
    b.release();
    expect(await Promise.all(results)).toEqual(['a1', 'a2']);
  });

  it('runs other keys alongside, at most maxConcurrent at once, first come first served', async () => {
    const log: string[] = [];
    const scheduler = new TurnScheduler(2);
    const gates = ['x', 'y', 'z'].map((key) => gate(log, key));
    const results = gates.map((g, index) => scheduler.run(['x', 'y', 'z'][index] as string, g.task));
    await tick();
    expect(log).toEqual(['start x', 'start y']);
    expect(scheduler.running).toBe(2);
    expect(scheduler.held).toBe(3);
    gates[1]?.release();
    await tick();
    expect(log).toEqual(['start x', 'start y', 'end y', 'start z']);
    gates[0]?.release();
    gates[2]?.release();
    await Promise.all(results);
    await scheduler.idle();
    expect(scheduler.held).toBe(0);
    expect(scheduler.running).toBe(0);
  });

  it('does not let a waiting follow-up hold a slot', async () => {
    const log: string[] = [];
    const scheduler = new TurnScheduler(1);
    const first = gate(log, 'a1');
    const results = [
      scheduler.run('a', first.task),
      scheduler.run('a', async () => 'a2'),
      scheduler.run('b', async () => 'b1'),
    ];
    await tick();
    expect(log).toEqual(['start a1']);
    first.release();
    expect(await Promise.all(results)).toEqual(['a1', 'a2', 'b1']);
  });

  it('keeps going after a task rejects, and rejects that task only', async () => {
    const scheduler = new TurnScheduler(1);
    const failed = scheduler.run('a', async () => {
      throw new Error('boom');
    });
    const next = scheduler.run('a', async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });

  it('refuses a cap that is not a positive integer, quoting it', () => {
    expect(() => new TurnScheduler(0)).toThrow('maxConcurrentTurns must be an integer ≥ 1, got 0');
  });
});
