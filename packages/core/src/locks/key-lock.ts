/** Shared (`read`) or exclusive (`write`) hold on one key. */
export type LockMode = 'read' | 'write';

interface Waiter {
  mode: LockMode;
  grant: () => void;
}

/**
 * A reader/writer lock on one key, granted first come first served: a writer waiting at the head keeps later
 * readers out, so writers never starve.
 */
export class KeyLock {
  private readers = 0;
  private writer = false;
  private readonly waiters: Waiter[] = [];

  get idle(): boolean {
    return this.readers === 0 && !this.writer && this.waiters.length === 0;
  }

  /** Takes the lock at once if nobody holds or waits for it incompatibly; false when the caller must `wait`. */
  tryTake(mode: LockMode): boolean {
    if (this.waiters.length > 0 || !this.compatible(mode)) return false;
    this.hold(mode);
    return true;
  }

  /** Queues for the lock; `grant` runs once it is held. Returns a function that leaves the queue. */
  wait(mode: LockMode, grant: () => void): () => void {
    const waiter: Waiter = { mode, grant };
    this.waiters.push(waiter);
    return () => {
      const index = this.waiters.indexOf(waiter);
      if (index < 0) return;
      this.waiters.splice(index, 1);
      this.drain();
    };
  }

  release(mode: LockMode): void {
    if (mode === 'write') this.writer = false;
    else this.readers -= 1;
    this.drain();
  }

  private compatible(mode: LockMode): boolean {
    return mode === 'read' ? !this.writer : !this.writer && this.readers === 0;
  }

  private hold(mode: LockMode): void {
    if (mode === 'write') this.writer = true;
    else this.readers += 1;
  }

  private drain(): void {
    for (
      let head = this.waiters[0];
      head !== undefined && this.compatible(head.mode);
      head = this.waiters[0]
    ) {
      this.waiters.shift();
      this.hold(head.mode);
      head.grant();
    }
  }
}
