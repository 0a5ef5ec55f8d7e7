import { join } from 'node:path';
import { openSessionHistory, type Session } from '@clawft/core';
import type { Config } from '@clawft/types';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../cli/cli-io.js';
import type { CommandContext } from '../cli/commands.js';
import { discoverForCommand } from '../config/discover-for-command.js';
import { workspaceOf } from '../config/workspace-of.js';
import { renderSession, renderSessionList } from '../sessions/render-session.js';

const USAGE = 'use "clawft sessions list", "clawft sessions show <key>" or "clawft sessions delete <key>"';

/** Where the configured store keeps sessions, for the output: its directory, or its JetStream stream. */
type StoreLocation = { directory: string } | { stream: string };

/**
 * `clawft sessions [list] | show <key> | delete <key>` over the store `bus.store` names (`openSessionHistory`: the
 * JSONL files in `<workspace>/sessions/`, or the JetStream stream `bus.nats.sessionStream` for `nats`); `--json`
 * for scripts. An unknown key exits 1 and says how to find the keys. The store is closed before it returns.
 *
 * @throws ConfigError when the config cannot be loaded; BusError `bus-unavailable` when the NATS server cannot be
 *   reached; SessionError `session-unavailable` when it stops answering.
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
  const location = locationOf(config, workspace);
  const where = 'directory' in location ? location.directory : `JetStream stream ${location.stream}`;
  const store = await openSessionHistory(config, { workspace, signal: io.signal });
  const signalOption = io.signal === undefined ? {} : { signal: io.signal };
  const print = (text: string, value: unknown) =>
    io.stdout(flags.json ? `${JSON.stringify(value, null, 2)}\n` : text);
  try {
    if (action === 'list') {
      const sessions = await store.list(signalOption);
      print(renderSessionList(where, sessions), { ...location, sessions });
      return EXIT_OK;
    }
    const name = key ?? '';
    const missing = () => {
      io.stderr(`clawft: no session "${name}" in ${where}; "clawft sessions list" shows the keys.\n`);
      return EXIT_FAILURE;
    };
    if (action === 'delete') {
      if (!(await store.remove(name))) return missing();
      // Loading a removed session reads nothing; it names where the session was kept.
      const { file } = await store.load(name, signalOption);
      print(`Deleted session ${name} (${file}).\n`, { deleted: name, file });
      return EXIT_OK;
    }
    const session = await store.load(name, signalOption);
    if (!isStored(session)) return missing();
    print(renderSession(session), session);
    return EXIT_OK;
  } finally {
    await store.close?.();
  }
}

/** Whether a loaded session is stored (an unknown key loads as an empty session). */
function isStored(session: Session): boolean {
  return session.createdAt !== undefined || session.messages.length > 0 || session.issues.length > 0;
}

function locationOf(config: Config, workspace: string): StoreLocation {
  if (config.bus.store === 'nats') return { stream: config.bus.nats.sessionStream };
  return { directory: join(workspace, 'sessions') };
}
