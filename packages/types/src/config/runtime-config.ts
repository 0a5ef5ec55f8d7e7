import { z } from 'zod';

/** Settings every agent starts from. */
export const AgentDefaultsSchema = z.object({
  /** Directory the agent works in (sessions, memory, bootstrap files). `~` is expanded. @default "~/.clawft/workspace" */
  workspace: z.string().min(1).default('~/.clawft/workspace'),
  /** `provider/model`. @default "anthropic/claude-sonnet-4-5" */
  model: z.string().min(1).default('anthropic/claude-sonnet-4-5'),
  /**
   * The provider slot serving `model`, which is then sent whole (nanobot's `agents.defaults.provider`);
   * `"auto"` or unset: the `provider/` prefix of `model`.
   */
  provider: z.string().min(1).optional(),
  /** @default 8192 */
  maxTokens: z.number().int().positive().default(8192),
  /** @default 0.7 */
  temperature: z.number().min(0).max(2).default(0.7),
  /** Model → tools → model rounds per turn. @default 20 */
  maxToolIterations: z.number().int().positive().default(20),
  /** History entries put in context. @default 50 */
  memoryWindow: z.number().int().positive().default(50),
  /** Turns the agent loop runs at once across sessions (each session still runs one at a time). @default 8 */
  maxConcurrentTurns: z.number().int().positive().default(8),
});
export type AgentDefaults = z.infer<typeof AgentDefaultsSchema>;

export const AgentsSchema = z.object({ defaults: AgentDefaultsSchema.prefault({}) });
export type Agents = z.infer<typeof AgentsSchema>;

export const OverflowPolicySchema = z.enum(['block', 'drop-oldest', 'drop-newest', 'reject']);
export type OverflowPolicy = z.infer<typeof OverflowPolicySchema>;

/** The `nats` bus transport: one JetStream stream shared by gateways and workers. */
export const NatsBusSchema = z.object({
  /** Server URLs. @default ["nats://127.0.0.1:4222"] */
  servers: z.array(z.string().min(1)).min(1).default(['nats://127.0.0.1:4222']),
  /** JetStream stream holding inbound messages (created or updated at start). @default "CLAWFT" */
  stream: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('CLAWFT'),
  /** First token of every subject the bus uses. @default "clawft" */
  subjectPrefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/)
    .default('clawft'),
  /**
   * JetStream stream holding every session's history under `bus.store: "nats"` (created or updated at start; one
   * subject per session). @default "CLAWFT_SESSIONS"
   */
  sessionStream: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('CLAWFT_SESSIONS'),
  /** Partition subjects; a session always maps to the same one, each runs one message at a time. @default 16 */
  partitions: z.number().int().positive().max(1024).default(16),
  /** How long a delivery may go unacknowledged (without progress) before redelivery. @default 30000 */
  ackWaitMs: z.number().int().positive().default(30_000),
  /** Deliveries of one message before it is answered with an error and dropped. @default 5 */
  maxDeliver: z.number().int().positive().default(5),
  /**
   * `clawft worker` on SIGTERM/SIGINT: how long its running turns may take to finish before they are handed back to
   * the stream (another worker resumes each from its session), ms. @default 10000
   */
  drainMs: z.number().int().nonnegative().default(10_000),
  /** Token authentication (secret). */
  token: z.string().min(1).optional(),
  user: z.string().min(1).optional(),
  /** Password for `user` (secret). */
  password: z.string().min(1).optional(),
  /** Path of a `.creds` file (JWT and NKey seed). */
  credsFile: z.string().min(1).optional(),
});
export type NatsBus = z.infer<typeof NatsBusSchema>;

/** The message bus between channels and the agent. */
export const BusSchema = z.object({
  /** @default 1024 */
  inboundCapacity: z.number().int().positive().default(1024),
  /** @default 1024 */
  outboundCapacity: z.number().int().positive().default(1024),
  /** What a full inbound channel does with a new message. Outbound always blocks. @default "block" */
  overflowPolicy: OverflowPolicySchema.default('block'),
  /** Optional cap on the bytes held per channel. */
  maxBytes: z.number().int().positive().optional(),
  /** Under `block`, how long a publish may wait before failing with `bus-full`. Absent: wait. */
  sendTimeoutMs: z.number().int().positive().optional(),
  /**
   * Under `block`, the most inbound publishes that may wait for space at once; one more fails at once with
   * `bus-full`, so publishers that do not await cannot pile up without bound. Outbound replies are never refused.
   * @default 1024
   */
  maxWaitingSenders: z.number().int().positive().default(1024),
  /** Where the bus lives: in this process, or on a NATS JetStream server shared by many. @default "memory" */
  transport: z.enum(['memory', 'nats']).default('memory'),
  /**
   * Where budgets, open reservations, the cost ledger and sessions live, shared by every process using the same
   * store: `memory` (budgets in this process only; sessions as files), `file` (`<workspace>/costs/` and
   * `<workspace>/sessions/`, safe across the processes of one machine) or `nats` (JetStream KV and streams on the
   * `bus.nats` servers, shared by every worker). `file` is refused with `transport: "nats"`. @default "file"
   */
  store: z.enum(['memory', 'file', 'nats']).default('file'),
  /** Settings of the `nats` transport (read only when `transport` is `nats`). */
  nats: NatsBusSchema.prefault({}),
});
export type Bus = z.infer<typeof BusSchema>;

/** One MCP server under `tools.mcpServers` (keyed by server name). Give `command` (stdio) or `url` (HTTP). */
export const McpServerSchema = z
  .object({
    /** Executable to spawn for a stdio server. */
    command: z.string().min(1).optional(),
    args: z.array(z.string()).default([]),
    /** Environment added for the child (names kept as written). */
    env: z.record(z.string(), z.string()).default({}),
    cwd: z.string().optional(),
    /** Streamable HTTP endpoint. */
    url: z.string().url().optional(),
    headers: z.record(z.string(), z.string()).default({}),
    /** Default per-request timeout. @default 60000 */
    timeoutMs: z.number().int().positive().default(60_000),
    /** @default true */
    enabled: z.boolean().default(true),
    /** Restart a stdio server that exits, with backoff. @default false */
    restart: z.boolean().default(false),
  })
  .refine((server) => (server.command === undefined) !== (server.url === undefined), {
    message: 'give exactly one of "command" (stdio server) or "url" (Streamable HTTP server)',
  });
export type McpServer = z.infer<typeof McpServerSchema>;

/** The `exec` tool's policy. */
export const ExecPolicySchema = z.object({
  /** @default true */
  enabled: z.boolean().default(true),
  /** @default 60000 */
  timeoutMs: z.number().int().positive().default(60_000),
  /** Regular expressions; a matching command is refused. */
  denyPatterns: z.array(z.string()).default([]),
  /** Output kept per stream (stdout, stderr); the rest is cut with the cut marked. @default 65536 */
  maxOutputBytes: z.number().int().positive().default(65_536),
  /** Pass environment variables with secret-looking names (`*KEY*`, `*TOKEN*`, …) to commands. @default false */
  inheritSecretEnv: z.boolean().default(false),
});
export type ExecPolicy = z.infer<typeof ExecPolicySchema>;

/** The `web_fetch` tool's policy. */
export const WebFetchPolicySchema = z.object({
  /** @default true */
  enabled: z.boolean().default(true),
  /** Allow private, loopback and link-local addresses (checked on the address connected). @default false */
  allowPrivateAddresses: z.boolean().default(false),
  /** Addresses or CIDR ranges allowed even though private (e.g. `"10.1.2.0/24"` for an intranet host). @default [] */
  allowAddresses: z.array(z.string()).default([]),
  /** Body bytes read at most; the rest is dropped and the cut marked. @default 1048576 */
  maxBytes: z.number().int().positive().default(1_048_576),
  /** Whole fetch, redirects included. @default 30000 */
  timeoutMs: z.number().int().positive().default(30_000),
  /** Redirects followed (each re-checked). @default 5 */
  maxRedirects: z.number().int().nonnegative().default(5),
});
export type WebFetchPolicy = z.infer<typeof WebFetchPolicySchema>;

export const ToolsSchema = z.object({
  /** Tool calls of one turn run in parallel up to this many. @default 8 */
  maxConcurrency: z.number().int().positive().default(8),
  /** Per-call timeout; a timeout becomes an error result. @default 60000 */
  timeoutMs: z.number().int().positive().default(60_000),
  /** Results longer than this keep head and tail with the cut marked. @default 65536 */
  maxResultBytes: z.number().int().positive().default(65_536),
  /** All results of one batch together; larger batches cut each result to a fair share. @default 262144 */
  maxBatchResultBytes: z.number().int().positive().default(262_144),
  /** Tool names offered; unset offers all. */
  allow: z.array(z.string()).optional(),
  /** Tool names never offered nor run. @default [] */
  deny: z.array(z.string()).default([]),
  /** Confine file tools and exec to the workspace. @default true */
  restrictToWorkspace: z.boolean().default(true),
  exec: ExecPolicySchema.prefault({}),
  webFetch: WebFetchPolicySchema.prefault({}),
  /** MCP servers by name. @default {} */
  mcpServers: z.record(z.string(), McpServerSchema).default({}),
});
export type Tools = z.infer<typeof ToolsSchema>;

export const ObservabilitySchema = z.object({
  /** @default "info" */
  logLevel: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** @default "text" */
  logFormat: z.enum(['text', 'json']).default('text'),
  /** Append every ResponseOutcome as JSON lines to this file (inside the workspace when relative). */
  outcomesFile: z.string().optional(),
});
export type Observability = z.infer<typeof ObservabilitySchema>;

/** One bearer token the gateway accepts, and who it speaks for. */
export const GatewayTokenSchema = z.object({
  /** The bearer token, or `sha256:<64 hex>` of it (so config.json need not hold the token itself). A secret. */
  token: z.string().regex(/^(?:sha256:[0-9a-fA-F]{64}|[^\s]{16,})$/, {
    message: 'use at least 16 non-space characters, or sha256:<64 hex digits> of the token',
  }),
  /** The sender its requests are booked to (costs, budgets, rate limits, sessions). */
  senderId: z.string().min(1),
});
export type GatewayToken = z.infer<typeof GatewayTokenSchema>;

/** `clawft serve`: the HTTP gateway. */
export const GatewaySchema = z.object({
  /** Interface to bind. Anything but loopback needs `tokens`. @default "127.0.0.1" */
  host: z.string().min(1).default('127.0.0.1'),
  /** TCP port; 0 picks a free one. @default 18790 */
  port: z.number().int().min(0).max(65_535).default(18_790),
  /**
   * Connections the kernel queues before the gateway accepts them (the listen backlog; capped by the OS's
   * `net.core.somaxconn`). Node's own default, 511, overflows when thousands of clients connect at once on a busy
   * machine, and the overflow turns into connection resets. @default 4096
   */
  listenBacklog: z.number().int().positive().default(4096),
  /** Bearer tokens, each mapped to a sender. @default [] */
  tokens: z.array(GatewayTokenSchema).default([]),
  cors: z
    .object({
      /** Origins allowed by CORS (`https://chat.example.com`); empty: CORS off. @default [] */
      origins: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
  /** Largest request body, bytes (413 beyond). @default 1048576 */
  maxBodyBytes: z.number().int().positive().default(1_048_576),
  /** Time a client has to send its request headers, ms (slow-loris cut). @default 10000 */
  headersTimeoutMs: z.number().int().positive().default(10_000),
  /** Time a client has to send its whole request, ms. @default 30000 */
  requestTimeoutMs: z.number().int().positive().default(30_000),
  /** An idle keep-alive connection is closed after this long, ms. @default 5000 */
  keepAliveTimeoutMs: z.number().int().positive().default(5_000),
  /** Turns one sender may have open at once (streaming or not); one more is 429. @default 8 */
  maxStreamsPerSender: z.number().int().positive().default(8),
  /** Turns open at once over all senders; one more is 429. @default 256 */
  maxStreams: z.number().int().positive().default(256),
  /** Under bus policy `block`, how long a request may wait for room before 503. @default 5000 */
  queueWaitMs: z.number().int().nonnegative().default(5_000),
  /** Period of SSE keep-alive comments on an idle stream, ms. @default 15000 */
  keepAliveCommentMs: z.number().int().positive().default(15_000),
  /** On SIGTERM, how long running turns may take before they are aborted, ms. @default 10000 */
  shutdownMs: z.number().int().nonnegative().default(10_000),
});
export type Gateway = z.infer<typeof GatewaySchema>;
