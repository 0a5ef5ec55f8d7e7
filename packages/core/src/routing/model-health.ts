import { Circuit, type CircuitOptions } from '@clawft/llm';
import { HEALTH_NEUTRAL_PROVIDER_KINDS, type ResponseOutcome } from '@clawft/types';

/** The kinds as recorded in outcomes (`errorKind` is a string there). */
const HEALTH_NEUTRAL_KINDS: ReadonlySet<string> = HEALTH_NEUTRAL_PROVIDER_KINDS;

/** Options of `ModelHealth`: the circuit breaker's (config.json `failover.circuitBreaker`). */
export interface ModelHealthOptions extends Omit<CircuitOptions, 'now'> {
  /** Monotonic clock, milliseconds. @default performance.now */
  clock?: () => number;
}

/**
 * What the router has learned from outcomes: one `Circuit` per model, the same breaker `withFailover` uses (so one
 * threshold, one growing cooldown, one clock, defaults from `CircuitBreakerSchema`). A model whose requests keep
 * failing is avoided until its cooldown ends; a request to it then is its probe: success makes it healthy again,
 * failure avoids it for a longer cooldown. Failures that are not the model's fault (abort, a bad request, an open
 * circuit) are not counted.
 */
export class ModelHealth {
  readonly #circuits = new Map<string, Circuit>();
  readonly #options: CircuitOptions;

  constructor(options: ModelHealthOptions = {}) {
    const { clock, ...circuit } = options;
    this.#options = { ...circuit, now: clock ?? (() => performance.now()) };
  }

  /** Learns from every model a request's attempts used: healthy if any of its attempts succeeded. */
  observe(outcome: ResponseOutcome): void {
    const results = new Map<string, boolean>();
    for (const attempt of outcome.timings.attempts) {
      if (attempt.errorKind !== undefined && HEALTH_NEUTRAL_KINDS.has(attempt.errorKind)) continue;
      results.set(attempt.model, (results.get(attempt.model) ?? false) || attempt.success);
    }
    for (const [model, success] of results) this.record(model, success);
  }

  /** Records one request's result for `model`; a request made while its circuit was not closed is the probe. */
  record(model: string, success: boolean): void {
    const circuit = this.#circuit(model);
    circuit.record({ allowed: true, probe: circuit.state !== 'closed' }, success ? 'success' : 'failure');
  }

  isHealthy(model: string): boolean {
    return this.#circuits.get(model)?.available ?? true;
  }

  #circuit(model: string): Circuit {
    let circuit = this.#circuits.get(model);
    if (circuit === undefined) {
      circuit = new Circuit(this.#options);
      this.#circuits.set(model, circuit);
    }
    return circuit;
  }
}
