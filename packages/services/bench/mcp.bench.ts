// MCP client benchmark: @clawft/services against the official SDK client (Client + StdioClientTransport), side by
// side in one run, each on its own copy of the same server. Run: pnpm --filter @clawft/services bench
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpClient, StdioTransport, silentLogger } from '../src/index.js';

const EVERYTHING = fileURLToPath(
  new URL('../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url),
);
const ECHO_SERVER = fileURLToPath(new URL('../test/fixtures/fake-server.mjs', import.meta.url));

interface EchoClient {
  echo(message: string): Promise<string>;
  close(): Promise<void>;
}

interface Server {
  label: string;
  args: string[];
  /** What the server puts before the echoed message. */
  prefix: string;
}

const everything: Server = { label: 'server-everything', args: [EVERYTHING, 'stdio'], prefix: 'Echo: ' };
const echoServer: Server = { label: 'purpose-written echo server', args: [ECHO_SERVER], prefix: '' };

function textOf(result: unknown): string {
  const content = (result as { content?: Array<{ text?: string }> }).content;
  return content?.[0]?.text ?? '';
}

async function clawftClient(server: Server, processGroup = true): Promise<EchoClient> {
  const client = new McpClient({
    server: 'bench',
    logger: silentLogger,
    timeoutMs: 120_000,
    createTransport: () =>
      new StdioTransport({
        command: process.execPath,
        args: server.args,
        logger: silentLogger,
        processGroup,
      }),
  });
  await client.connect();
  return {
    echo: async (message) => textOf(await client.callTool('echo', { message })),
    close: () => client.close(),
  };
}

async function sdkClient(server: Server): Promise<EchoClient> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args: server.args, stderr: 'ignore' }),
  );
  return {
    echo: async (message) =>
      textOf(
        await client.callTool({ name: 'echo', arguments: { message } }, undefined, { timeout: 120_000 }),
      ),
    close: () => client.close(),
  };
}

/**
 * The floor: a bare pipe client with no MCP layer (no validation, timeouts or handshake beyond what the
 * server needs), so the table shows how much of each time is the server and the pipe rather than the client.
 */
async function rawPipeClient(server: Server): Promise<EchoClient> {
  const child = spawn(process.execPath, server.args, { stdio: ['pipe', 'pipe', 'ignore'] });
  const waiting = new Map<number, (message: { result?: unknown }) => void>();
  let parts: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
      parts.push(chunk.subarray(start, newline));
      const message = JSON.parse(Buffer.concat(parts).toString('utf8'));
      parts = [];
      waiting.get(message.id)?.(message);
      waiting.delete(message.id);
      start = newline + 1;
    }
    if (start < chunk.length) parts.push(chunk.subarray(start));
  });
  let nextId = 1;
  const call = (method: string, params: Record<string, unknown>) =>
    new Promise<{ result?: unknown }>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  await call('initialize', {
    protocolVersion: '2025-11-25',
    capabilities: {},
    clientInfo: { name: 'raw', version: '1' },
  });
  child.stdin.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
  return {
    echo: async (message) =>
      textOf((await call('tools/call', { name: 'echo', arguments: { message } })).result),
    close: async () => {
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  };
}

/** Runs `total` echo calls with at most `inFlight` outstanding; checks every answer. */
async function run(
  client: EchoClient,
  server: Server,
  total: number,
  inFlight: number,
  message: (index: number) => string,
) {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const index = next++;
      const sent = message(index);
      const answer = await client.echo(sent);
      if (answer !== server.prefix + sent) throw new Error(`wrong answer for call ${index}`);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, worker));
  return performance.now() - started;
}

interface Scenario {
  name: string;
  server: Server;
  total: number;
  inFlight: number;
  message: (index: number) => string;
  /** Median of this many runs. */
  repeats: number;
}

const kb100 = 'k'.repeat(100 * 1024);
const mib9 = 'm'.repeat(9 * 1024 * 1024);
const scenarios: Scenario[] = [
  {
    name: '2,000 sequential echo calls',
    server: everything,
    total: 2000,
    inFlight: 1,
    message: (i) => `hello ${i}`,
    repeats: 5,
  },
  {
    name: '2,000 echo calls, 64 in flight',
    server: everything,
    total: 2000,
    inFlight: 64,
    message: (i) => `hello ${i}`,
    repeats: 5,
  },
  {
    name: '200 × 100 KB echo, 64 in flight',
    server: echoServer,
    total: 200,
    inFlight: 64,
    message: (i) => `${i}:${kb100}`,
    repeats: 5,
  },
  { name: 'one 9 MiB echo', server: echoServer, total: 1, inFlight: 1, message: () => mib9, repeats: 5 },
];

type Who = 'clawft' | 'noGroup' | 'sdk' | 'raw';
const ORDERS: Who[][] = [
  ['clawft', 'noGroup', 'sdk', 'raw'],
  ['sdk', 'raw', 'clawft', 'noGroup'],
  ['noGroup', 'clawft', 'raw', 'sdk'],
  ['raw', 'sdk', 'noGroup', 'clawft'],
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Each client on its own copy of the server, warmed up, then measured in rotating order; the median run is
 * kept (this machine is shared, so single runs are noisy).
 */
async function measure(scenario: Scenario): Promise<Record<Who, number>> {
  const clients = {
    clawft: await clawftClient(scenario.server),
    noGroup: await clawftClient(scenario.server, false),
    sdk: await sdkClient(scenario.server),
    raw: await rawPipeClient(scenario.server),
  };
  const runs: Record<Who, number[]> = { clawft: [], noGroup: [], sdk: [], raw: [] };
  try {
    // Servers (and clients) need a few thousand calls before the JIT settles.
    for (const who of ORDERS[0]!) await run(clients[who], scenario.server, 2000, 4, (i) => `warm ${i}`);
    for (let repeat = 0; repeat < scenario.repeats; repeat += 1) {
      for (const who of ORDERS[repeat % ORDERS.length]!) {
        globalThis.gc?.();
        runs[who].push(
          await run(clients[who], scenario.server, scenario.total, scenario.inFlight, scenario.message),
        );
      }
    }
    return {
      clawft: median(runs.clawft),
      noGroup: median(runs.noGroup),
      sdk: median(runs.sdk),
      raw: median(runs.raw),
    };
  } finally {
    await Promise.all(Object.values(clients).map((client) => client.close()));
  }
}

const rows: string[] = [];
for (const scenario of scenarios) {
  const times = await measure(scenario);
  const speedUp = (ours: number): string => `${(times.sdk / ours).toFixed(2)}×`;
  const cells = [times.clawft, times.sdk, times.noGroup, times.raw].map((ms) => ms.toFixed(0));
  cells.splice(2, 0, speedUp(times.clawft));
  cells.splice(4, 0, speedUp(times.noGroup));
  rows.push(`| ${scenario.name} | ${scenario.server.label} | ${cells.join(' | ')} |`);
}

const repeats = scenarios.map((scenario) => scenario.repeats).join('/');
console.log(
  `Node ${process.version}; median of ${repeats} runs in rotating order; each client on its own copy of the same server.\n`,
);
console.log(
  '| scenario | server | @clawft/services (ms) | official SDK 1.32 (ms) | speed-up | ours, `processGroup: false` (ms) | speed-up | bare pipe, no MCP layer (ms) |',
);
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
for (const row of rows) console.log(row);
