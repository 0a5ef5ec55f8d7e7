import { type ExecPolicy, isSecretKey, ToolError, type ToolResult } from '@clawft/types';
import { z } from 'zod';
import type { ZodTool } from '../zod-tool.js';
import { compileDenyPatterns, deniedBy } from './deny-patterns.js';
import { type ProcessOutcome, runProcess } from './run-process.js';
import { confine, resolveToolPath, type WorkspaceScope } from './workspace-path.js';

const ExecArgs = z.object({
  command: z.string().min(1).describe('Shell command (run with /bin/sh -c).'),
  cwd: z
    .string()
    .min(1)
    .optional()
    .describe('Working directory, relative to the workspace. Default: the workspace.'),
});

/**
 * `exec`: runs a shell command in the workspace, taking the whole workspace exclusively (it may touch any file).
 * Refuses commands matching the built-in deny list or `tools.exec.denyPatterns`; kills its process group on
 * timeout (`tools.exec.timeoutMs`) or abort; keeps `tools.exec.maxOutputBytes` of each stream.
 * @throws TypeError (at creation) for a deny pattern that is not a valid regular expression.
 */
export function execTool(scope: WorkspaceScope, policy: ExecPolicy): ZodTool<typeof ExecArgs> {
  const patterns = compileDenyPatterns(policy.denyPatterns);
  return {
    name: 'exec',
    description: 'Run a shell command in the workspace and return its exit code, stdout and stderr.',
    schema: ExecArgs,
    access: () => ({ workspaceExclusive: true }),
    async execute({ command, cwd }, { signal }) {
      const denied = deniedBy(command, patterns);
      if (denied !== undefined) {
        const message = `command refused: it matches the deny pattern ${String(denied)}; run something less destructive`;
        throw new ToolError({ kind: 'command-denied', tool: 'exec', message });
      }
      const directory = cwd ?? '.';
      const real = await confine('exec', scope, resolveToolPath('exec', scope, directory), directory);
      const outcome = await runProcess(command, {
        cwd: real,
        timeoutMs: policy.timeoutMs,
        maxOutputBytes: policy.maxOutputBytes,
        signal,
        env: policy.inheritSecretEnv ? process.env : withoutSecrets(process.env),
      });
      return execResult(outcome, policy.timeoutMs);
    },
  };
}

/** The environment without variables whose names look secret (API keys, tokens), so a command cannot echo them. */
function withoutSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !isSecretKey(name)));
}

function execResult(outcome: ProcessOutcome, timeoutMs: number): ToolResult {
  const sections = [`exit code: ${outcome.exitCode ?? `none (killed by ${outcome.signal ?? 'signal'})`}`];
  if (outcome.stdout !== '') sections.push(`stdout:\n${outcome.stdout}`);
  if (outcome.stderr !== '') sections.push(`stderr:\n${outcome.stderr}`);
  const body = sections.join('\n');
  const metadata = { exitCode: outcome.exitCode, signal: outcome.signal, timedOut: outcome.timedOut };
  if (outcome.timedOut) {
    const head = `Error (timeout): the command ran longer than ${timeoutMs} ms and was killed with its process group (tools.exec.timeoutMs)`;
    return { content: `${head}\n${body}`, isError: true, metadata: { ...metadata, errorKind: 'timeout' } };
  }
  if (outcome.aborted) {
    return {
      content: `Error (aborted): the command was stopped\n${body}`,
      isError: true,
      metadata: { ...metadata, errorKind: 'aborted' },
    };
  }
  return { content: body, isError: outcome.exitCode !== 0, metadata };
}
