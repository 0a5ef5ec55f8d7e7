import { type FileSystem, nodeFileSystem } from '../../src/context/file-system.js';

/** A real file-system layer that counts `stat` and `readFile` calls per path. */
export interface CountingFileSystem {
  fs: FileSystem;
  reads: Map<string, number>;
  stats: Map<string, number>;
  totalReads(): number;
  totalStats(): number;
  reset(): void;
}

export function countingFileSystem(base: FileSystem = nodeFileSystem): CountingFileSystem {
  const reads = new Map<string, number>();
  const stats = new Map<string, number>();
  const bump = (counts: Map<string, number>, path: string): void => {
    counts.set(path, (counts.get(path) ?? 0) + 1);
  };
  const sum = (counts: Map<string, number>): number => [...counts.values()].reduce((a, b) => a + b, 0);
  const fs: FileSystem = {
    stat(path) {
      bump(stats, path);
      return base.stat(path);
    },
    readFile(path, options) {
      bump(reads, path);
      return base.readFile(path, options);
    },
    readDirectory: (path) => base.readDirectory(path),
    ...(base.hasEntry && { hasEntry: base.hasEntry.bind(base) }),
    ...(base.watch && { watch: base.watch.bind(base) }),
  };
  return {
    fs,
    reads,
    stats,
    totalReads: () => sum(reads),
    totalStats: () => sum(stats),
    reset() {
      reads.clear();
      stats.clear();
    },
  };
}
