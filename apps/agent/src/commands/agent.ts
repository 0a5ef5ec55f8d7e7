import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Config, expandHome } from '@clawft/types';
import { runInteractiveSession } from '../agent/interactive-session.js';
import { type RunCliTurnOptions, runCliTurn } from '../agent/run-cli-turn.js';
import { useColor } from '../agent/terminal-text.js';
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK } from '../cli/cli-io.js';
import type { CommandContext } from '../cli/commands.js';
import { discoverConfig } from '../config/discover-config.js';
import { checkProviderKey } from '../offline/check-provider-key.js';
import { type OfflineModel, startOfflineModel } from '../offline/offline-model.js';
import { type AgentRuntime, createRuntime } from '../runtime/create-runtime.js';

/** Session id when `--session` is not given. */
const DEFAULT_SESSION = 'main';
/** How long running turns get to finish on exit, ms. */
const SHUTDOWN_MS = 2_000;

/**
 * `clawft agent`: one turn with `-m <text>`, else an interactive session; streams the answer (or `--json` turn
 * events). With no key for the model's provider it says so in one line and runs on the built-in offline model.
 * Exit codes: 0 answered, 1 the turn failed, 130 interrupted.
 *
 * @throws ConfigError when the config cannot be loaded (the CLI prints it and exits 1).
 */
export async function agentCommand(context: CommandContext): Promise<number> {
  const { io, flags, options } = context;
  const log = (text: string) => {
    if (flags.verbose) io.stderr(`clawft: ${text}\n`);
  };
  const discovered = await discoverConfig({
    ...(flags.config === undefined ? {} : { flagPath: flags.config }),
    env: io.env,
    cwd: io.cwd,
    homeDir: io.homeDir,
  });
  log(`config: ${discovered.source.path ?? discovered.source.description}`);
  for (const warning of discovered.warnings) io.stderr(`clawft: warning: ${warning}\n`);
  let config: Config = discovered.config;
  let offline: OfflineModel | undefined;
  const check = checkProviderKey(config, io.env);
  if (!check.ready) {
    io.stderr(`clawft: ${check.reason}\n`);
    offline = await startOfflineModel();
    config = offline.configFor(config);
    log(`offline model at ${offline.server.openAiBaseUrl}`);
  }
  let runtime: AgentRuntime | undefined;
  try {
    const workspace = resolve(io.cwd, expandHome(config.agents.defaults.workspace, io.homeDir));
    await mkdir(workspace, { recursive: true });
    runtime = await createRuntime({
      config,
      onProblem: (problem) => log(`${problem.type}: ${String(problem.error)}`),
    });
    for (const server of runtime.mcpServers) log(`MCP server ${JSON.stringify(server)}`);
    const sessionId = typeof options.session === 'string' ? options.session : DEFAULT_SESSION;
    const message = typeof options.message === 'string' ? options.message : undefined;
    return await converse({ context, runtime, sessionId, message, workspace });
  } finally {
    await runtime?.close({ shutdownMs: SHUTDOWN_MS });
    await offline?.close();
  }
}

interface ConverseOptions {
  context: CommandContext;
  runtime: AgentRuntime;
  sessionId: string;
  message: string | undefined;
  workspace: string;
}

async function converse({
  context,
  runtime,
  sessionId,
  message,
  workspace,
}: ConverseOptions): Promise<number> {
  const { io, flags } = context;
  const isTTY = io.terminal?.outputIsTTY === true;
  const output: RunCliTurnOptions['output'] = flags.json
    ? { mode: 'json', write: io.stdout }
    : {
        mode: 'text',
        sink: {
          write: io.stdout,
          isTTY,
          color: useColor(isTTY, io.env),
          columns: () => io.terminal?.columns() ?? 80,
        },
      };
  const turn = (content: string, signal: AbortSignal) =>
    runCliTurn({ runtime, content, sessionId, output, signal });
  if (message !== undefined) return oneShot(context, (signal) => turn(message, signal));
  if (io.terminal === undefined) throw new TypeError('clawft agent without -m needs a terminal (or pass -m)');
  const { interrupted } = await runInteractiveSession({
    terminal: io.terminal,
    historyFile: join(workspace, '.clawft-history'),
    runTurn: turn,
    say: (text) => io.stdout(`${text}\n`),
  });
  return interrupted ? EXIT_INTERRUPTED : EXIT_OK;
}

/**
 * One turn. The first Ctrl-C cancels it (the model call and running tools are aborted; exit 130); a second one
 * stops waiting for the turn to wind down, and the caller's cleanup closes the loop and the MCP servers.
 */
async function oneShot(
  context: CommandContext,
  run: (signal: AbortSignal) => ReturnType<typeof runCliTurn>,
): Promise<number> {
  const controller = new AbortController();
  let leave: (() => void) | undefined;
  const left = new Promise<'left'>((resolve) => {
    leave = () => resolve('left');
  });
  const stop = context.io.terminal?.onInterrupt(() => {
    if (controller.signal.aborted) leave?.();
    controller.abort();
  });
  try {
    const outcome = await Promise.race([run(controller.signal), left]);
    if (outcome === 'left' || controller.signal.aborted || outcome.end === 'aborted') return EXIT_INTERRUPTED;
    return outcome.success ? EXIT_OK : EXIT_FAILURE;
  } finally {
    stop?.();
  }
}
