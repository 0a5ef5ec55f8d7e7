import { CircuitBreakerSchema } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { ModelHealth } from './model-health.js';

function clocked(options: ConstructorParameters<typeof ModelHealth>[0] = {}) {
  const clock = { now: 0 };
  return { clock, health: new ModelHealth({ ...options, clock: () => clock.now }) };
}

describe('ModelHealth (one Circuit per model)', () => {
  it('uses the schema’s threshold by default, not a second default', () => {
    const { health } = clocked();
    const threshold = CircuitBreakerSchema.parse({}).failureThreshold;
    for (let index = 1; index < threshold; index += 1) health.record('m', false);
    expect(health.isHealthy('m')).toBe(true);
    health.record('m', false);
    expect(health.isHealthy('m')).toBe(false);
  });

  it('avoids a failing model for the cooldown, grows it while probes fail, and heals on success', () => {
    const { clock, health } = clocked({ failureThreshold: 2, cooldownMs: 1_000, maxCooldownMs: 10_000 });
    health.record('m', false);
    health.record('m', false);
    expect(health.isHealthy('m')).toBe(false);
    clock.now = 1_000;
    expect(health.isHealthy('m')).toBe(true);
    // The probe fails: avoided for twice the cooldown.
    health.record('m', false);
    clock.now = 2_999;
    expect(health.isHealthy('m')).toBe(false);
    clock.now = 3_000;
    expect(health.isHealthy('m')).toBe(true);
    health.record('m', true);
    expect(health.isHealthy('m')).toBe(true);
    health.record('m', false);
    expect(health.isHealthy('m')).toBe(true);
  });

  it('does not count health-neutral kinds', () => {
    const { health } = clocked({ failureThreshold: 1 });
    const attempt = (errorKind: string) => ({
      provider: 'p',
      model: 'm',
      success: false,
      errorKind,
      durationMs: 1,
    });
    const outcome = (errorKind: string) =>
      ({ timings: { attempts: [attempt(errorKind)] } }) as unknown as Parameters<ModelHealth['observe']>[0];
    health.observe(outcome('invalid-request'));
    health.observe(outcome('aborted'));
    expect(health.isHealthy('m')).toBe(true);
    health.observe(outcome('overloaded'));
    expect(health.isHealthy('m')).toBe(false);
  });
});
