import { readdir } from 'node:fs/promises';

/** The entry names of `dir`; none when it does not exist (yet). Other errors are thrown. */
export async function dirNames(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
