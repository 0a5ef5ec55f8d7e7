import { describe, expect, it } from 'vitest';
import { Circuit, type CircuitPermit } from './circuit.js';

function clocked(options: { failureThreshold?: number; cooldownMs?: number; enabled?: boolean } = {}) {
  const clock = { now: 0 };
  const circuit = new Circuit({ failureThreshold: 3, cooldownMs: 1_000, ...options, now: () => clock.now });
  const call = (outcome: 'success' | 'failure' | 'neutral', retryAfterMs?: number): CircuitPermit => {
    const permit = circuit.acquire();
    circuit.record(permit, outcome, retryAfterMs);
    return permit;
  };
  return { clock, circuit, call };
}

describe('Circuit', () => {
  it('opens after the configured number of consecutive failures and then refuses without waiting', () => {
    const { circuit, call } = clocked();
    call('failure');
    call('failure');
    expect(circuit.state).toBe('closed');
    call('failure');
    expect(circuit.state).toBe('open');
    expect(circuit.acquire()).toEqual({ allowed: false, retryInMs: 1_000 });
  });

  it('takes a Retry-After as the cooldown floor, but probes again within a day even for an absurd one', () => {
    const { clock, circuit, call } = clocked({ failureThreshold: 1 });
    call('failure', Number.POSITIVE_INFINITY);
    clock.now = 86_400_000 - 1;
    expect(circuit.acquire().allowed).toBe(false);
    clock.now = 86_400_000;
    expect(circuit.acquire()).toEqual({ allowed: true, probe: true });
    circuit.record({ allowed: true, probe: true }, 'failure', 5_000);
    clock.now += 4_999;
    expect(circuit.acquire().allowed).toBe(false);
    clock.now += 1;
    expect(circuit.acquire().allowed).toBe(true);
  });

  it('counts only consecutive failures: a success in between starts over', () => {
    const { circuit, call } = clocked();
    call('failure');
    call('failure');
    call('success');
    call('failure');
    call('failure');
    expect(circuit.state).toBe('closed');
    expect(circuit.failures).toBe(2);
  });

  it('lets exactly one probe through after the cooldown; a success closes the circuit', () => {
    const { clock, circuit, call } = clocked();
    for (let index = 0; index < 3; index += 1) call('failure');
    clock.now = 999;
    expect(circuit.acquire().allowed).toBe(false);
    clock.now = 1_000;
    const probe = circuit.acquire();
    expect(probe).toEqual({ allowed: true, probe: true });
    expect(circuit.state).toBe('half-open');
    expect(circuit.acquire()).toEqual({ allowed: false, retryInMs: 0 });
    expect(circuit.acquire().allowed).toBe(false);
    circuit.record(probe, 'success');
    expect(circuit.state).toBe('closed');
    expect(circuit.acquire()).toEqual({ allowed: true, probe: false });
  });

  it('re-opens for a doubled cooldown when the probe fails', () => {
    const { clock, circuit, call } = clocked();
    for (let index = 0; index < 3; index += 1) call('failure');
    clock.now = 1_500;
    expect(call('failure')).toEqual({ allowed: true, probe: true });
    expect(circuit.state).toBe('open');
    expect(circuit.acquire()).toEqual({ allowed: false, retryInMs: 2_000 });
  });

  it('grows the cooldown while probes fail, up to maxCooldownMs, and a success resets it', () => {
    const clock = { now: 0 };
    const circuit = new Circuit({
      failureThreshold: 1,
      cooldownMs: 1_000,
      cooldownMultiplier: 3,
      maxCooldownMs: 5_000,
      now: () => clock.now,
    });
    const probeFails = () => {
      clock.now += circuit.cooldownMs;
      const permit = circuit.acquire();
      expect(permit).toEqual({ allowed: true, probe: true });
      circuit.record(permit, 'failure');
    };
    circuit.record(circuit.acquire(), 'failure');
    expect(circuit.cooldownMs).toBe(1_000);
    probeFails();
    expect(circuit.cooldownMs).toBe(3_000);
    probeFails();
    expect(circuit.cooldownMs).toBe(5_000);
    probeFails();
    expect(circuit.cooldownMs).toBe(5_000);
    clock.now += 5_000;
    circuit.record(circuit.acquire(), 'success');
    expect(circuit.state).toBe('closed');
    expect(circuit.cooldownMs).toBe(1_000);
  });

  it('waits at least the Retry-After of the failure that opened it', () => {
    const { clock, circuit, call } = clocked();
    call('failure');
    call('failure');
    call('failure', 5_000);
    clock.now = 4_999;
    expect(circuit.acquire()).toEqual({ allowed: false, retryInMs: 1 });
    clock.now = 5_000;
    expect(circuit.acquire().allowed).toBe(true);
  });

  it('hands the probe to the next call when the probe ends neutral (aborted)', () => {
    const { clock, circuit, call } = clocked();
    for (let index = 0; index < 3; index += 1) call('failure');
    clock.now = 1_000;
    expect(call('neutral')).toEqual({ allowed: true, probe: true });
    expect(circuit.acquire()).toEqual({ allowed: true, probe: true });
  });

  it('passes every call and counts nothing when disabled', () => {
    const { circuit, call } = clocked({ enabled: false });
    for (let index = 0; index < 10; index += 1) call('failure');
    expect(circuit.state).toBe('closed');
    expect(circuit.acquire()).toEqual({ allowed: true, probe: false });
  });

  it('rejects a bad setting with the schema', () => {
    expect(() => new Circuit({ failureThreshold: 0 })).toThrow(
      expect.objectContaining({
        name: 'ZodError',
        issues: [expect.objectContaining({ path: ['failureThreshold'] })],
      }),
    );
  });
});
