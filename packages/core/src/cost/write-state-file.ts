import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Flushes a rename or a new file to disk: fsync of the directory that holds the entry (best effort where unsupported). */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    // Some platforms (Windows) and file systems cannot open or fsync a directory; the rename itself stands.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'ENOTSUP') throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Writes `text` to `file` atomically: a temp file beside it (`<file>.<pid>.<hex>.tmp`, mode 0600), then `rename`,
 * so a crash leaves the old file or the new one, never half of one. With `durable`, the temp file and the
 * directory are fsynced (the rename survives a power loss). A failed write removes its temp file; one whose
 * process was killed is swept by `sweepStaleTempFiles`.
 */
export async function writeStateFile(file: string, text: string, durable: boolean): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      // The open mode is filtered by the umask; make sure of 0600 before any byte is written.
      await handle.chmod(0o600);
      await handle.writeFile(text);
      if (durable) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  if (durable) await syncDirectory(dirname(file));
}
