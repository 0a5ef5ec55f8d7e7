import { EXIT_OK } from '../cli/cli-io.js';
import type { CommandContext } from '../cli/commands.js';
import { runDemo } from '../demo/run-demo.js';

/**
 * `clawft demo`: a guided tour of the reliability features with real measured numbers (parallel tools, a
 * mid-stream failover with reset, a 429 honoured, a circuit opening and closing, a budget refusal, the cost
 * table), against fake providers on 127.0.0.1. Needs no config, key or network.
 */
export async function demoCommand(context: CommandContext): Promise<number> {
  await runDemo((text) => context.io.stdout(text), context.io.signal);
  return EXIT_OK;
}
