import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SessionStore } from '@clawft/core';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../cli/cli-io.js';
import type { CommandContext } from '../cli/commands.js';
import { discoverForCommand } from '../config/discover-for-command.js';
import { workspaceOf } from '../config/workspace-of.js';
import { listSessions } from '../sessions/list-sessions.js';
import { renderSession, renderSessionList } from '../sessions/render-session.js';

const USAGE = 'use "clawft sessions list", "clawft sessions show <key>" or "clawft sessions delete <key>"';

/**
 * `clawft sessions [list] | show <key> | delete <key>` over `<workspace>/sessions/`; `--json` for scripts.
 * An unknown key exits 1 and says how to find the keys.
 *
 * @throws ConfigError when the config cannot be loaded.
 */
export async function sessionsCommand(context: CommandContext): Promise<number> {
  const { io, flags, args } = context;
  const [action = 'list', key, ...extra] = args;
  const needsKey = action === 'show' || action === 'delete';
  if (
    !(action === 'list' || needsKey) ||
    extra.length > 0 ||
    (needsKey ? key === undefined : key !== undefined)
  ) {
    io.stderr(`clawft: sessions: unexpected arguments "${args.join(' ')}"; ${USAGE}\n`);
    return EXIT_USAGE;
  }
  const { config } = await discoverForCommand(io, flags);
  const workspace = workspaceOf(config, io.cwd);
  const directory = join(workspace, 'sessions');
  const store = new SessionStore({ workspace });
  const signalOption = io.signal === undefined ? {} : { signal: io.signal };
  const print = (text: string, value: unknown) =>
    io.stdout(flags.json ? `${JSON.stringify(value, null, 2)}\n` : text);
  if (action === 'list') {
    const sessions = await listSessions(store, directory, io.signal);
    print(renderSessionList(directory, sessions), { directory, sessions });
    return EXIT_OK;
  }
  const file = store.fileFor(key ?? '');
  if (!(await isFile(file))) {
    io.stderr(`clawft: no session "${key}" in ${directory}; "clawft sessions list" shows the keys.\n`);
    return EXIT_FAILURE;
  }
  if (action === 'show') {
    const session = await store.load(key ?? '', signalOption);
    print(renderSession(session), session);
    return EXIT_OK;
  }
  await rm(file);
  print(`Deleted session ${key} (${file}).\n`, { deleted: key, file });
  return EXIT_OK;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
