#!/usr/bin/env node
import { homedir } from 'node:os';
import { runCli } from './cli/run-cli.js';

// A reader that goes away (`clawft agent -m … | head -1`) must not crash the command before its cleanup closes
// the MCP servers: later writes to the closed pipe are dropped. Any other stream error still throws.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

const exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  homeDir: homedir(),
  // Getters: touching process.stdin opens a handle, which only interactive commands need.
  terminal: {
    get input() {
      return process.stdin;
    },
    output: process.stdout,
    get inputIsTTY() {
      return process.stdin.isTTY === true;
    },
    outputIsTTY: process.stdout.isTTY === true,
    columns: () => process.stdout.columns ?? 80,
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
  },
});
process.exitCode = exitCode;
