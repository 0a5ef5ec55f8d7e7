import type { BusTransport } from '@clawft/core';
import type { TurnEvent, TurnOutcome } from '@clawft/types';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { registerBusMetrics } from './bus-metrics.js';
import type { RefusalReason } from './turn-admission.js';

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * The gateway's Prometheus registry (its own, not prom-client's global one): bus depth, high-water mark, drops and
 * waits read from the bus at scrape time; LLM attempts, retries, failovers and circuit state, tool calls and
 * durations, turn latency and cost per sender counted from the turns' events; refusals by reason.
 *
 * @example
 * const metrics = new GatewayMetrics(runtime.loop.bus);
 * loop.runTurn(message, { onEvent: (event) => metrics.observe(event) });
 * reply.type(metrics.contentType).send(await metrics.render());
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter<'route' | 'status'>;
  readonly #refusals: Counter<'reason'>;
  readonly #attempts: Counter<'provider' | 'model' | 'result'>;
  readonly #retries: Counter<'provider' | 'model' | 'kind'>;
  readonly #failovers: Counter<'from' | 'to' | 'kind'>;
  readonly #circuitOpen: Gauge<'model'>;
  readonly #toolCalls: Counter<'tool' | 'result'>;
  readonly #toolSeconds: Histogram<'tool'>;
  readonly #turnSeconds: Histogram<'end'>;
  readonly #costUsd: Counter<'sender'>;

  constructor(bus: BusTransport, openTurns: () => number) {
    const registers = [this.registry];
    this.#requests = new Counter({
      name: 'clawft_gateway_requests_total',
      help: 'HTTP requests answered, by route and status.',
      labelNames: ['route', 'status'],
      registers,
    });
    this.#refusals = new Counter({
      name: 'clawft_gateway_refusals_total',
      help: 'Requests refused for want of room, by the limit at fault.',
      labelNames: ['reason'],
      registers,
    });
    new Gauge({
      name: 'clawft_gateway_open_turns',
      help: 'Turns admitted by the gateway and not finished.',
      registers,
      collect() {
        this.set(openTurns());
      },
    });
    registerBusMetrics(bus, registers);
    this.#attempts = new Counter({
      name: 'clawft_llm_attempts_total',
      help: 'Model call attempts (each retry and failover is one), by target and result.',
      labelNames: ['provider', 'model', 'result'],
      registers,
    });
    this.#retries = new Counter({
      name: 'clawft_llm_retries_total',
      help: 'Retries of a model call, by target and the error kind that caused them.',
      labelNames: ['provider', 'model', 'kind'],
      registers,
    });
    this.#failovers = new Counter({
      name: 'clawft_llm_failovers_total',
      help: 'Moves from one target to the next, by error kind.',
      labelNames: ['from', 'to', 'kind'],
      registers,
    });
    this.#circuitOpen = new Gauge({
      name: 'clawft_llm_circuit_open',
      help: 'Per model: 1 after a call was skipped by its open circuit, 0 after a call to it succeeded.',
      labelNames: ['model'],
      registers,
    });
    this.#toolCalls = new Counter({
      name: 'clawft_tool_calls_total',
      help: 'Tool calls, by tool and result (ok, error, timeout).',
      labelNames: ['tool', 'result'],
      registers,
    });
    this.#toolSeconds = new Histogram({
      name: 'clawft_tool_duration_seconds',
      help: 'Tool call running time once its locks were held.',
      labelNames: ['tool'],
      buckets: SECONDS_BUCKETS,
      registers,
    });
    this.#turnSeconds = new Histogram({
      name: 'clawft_turn_latency_seconds',
      help: 'Turn latency from arrival to reply, by how the turn ended.',
      labelNames: ['end'],
      buckets: SECONDS_BUCKETS,
      registers,
    });
    this.#costUsd = new Counter({
      name: 'clawft_cost_usd_total',
      help: 'Cost of the turns answered through the gateway, by sender, USD.',
      labelNames: ['sender'],
      registers,
    });
  }

  /** The `Content-Type` of `render()`. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** Counts one answered HTTP request. */
  request(route: string, status: number): void {
    this.#requests.inc({ route, status: String(status) });
  }

  /** Counts one refusal. */
  refusal(reason: RefusalReason): void {
    this.#refusals.inc({ reason });
  }

  /** Counts what one turn event says (parts, tools, the outcome). */
  observe(event: TurnEvent, senderId: string): void {
    if (event.type === 'part') {
      const part = event.part;
      if (part.type === 'retry')
        this.#retries.inc({ provider: part.provider, model: part.model, kind: part.error.kind });
      if (part.type === 'failover') {
        this.#failovers.inc({ from: part.from.model, to: part.to.model, kind: part.error.kind });
        if (part.error.kind === 'circuit-open') this.#circuitOpen.set({ model: part.from.model }, 1);
      }
    } else if (event.type === 'tool-finish') {
      const result = event.timedOut ? 'timeout' : event.isError ? 'error' : 'ok';
      this.#toolCalls.inc({ tool: event.name, result });
      this.#toolSeconds.observe({ tool: event.name }, event.durationMs / 1000);
    } else if (event.type === 'turn-finish') {
      this.#outcome(event.outcome, senderId);
    }
  }

  #outcome(outcome: TurnOutcome, senderId: string): void {
    this.#turnSeconds.observe({ end: outcome.end }, outcome.latencyMs / 1000);
    if (outcome.costUsd > 0) this.#costUsd.inc({ sender: senderId }, outcome.costUsd);
    for (const call of outcome.timings.llmCalls) {
      const labels = { provider: call.provider ?? 'unknown', model: call.model ?? 'unknown' };
      this.#attempts.inc(
        { ...labels, result: call.success ? 'success' : 'failure' },
        Math.max(1, call.attempts),
      );
      if (call.success && call.model !== undefined) this.#circuitOpen.set({ model: call.model }, 0);
    }
  }
}
