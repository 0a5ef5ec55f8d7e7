import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { parseConfig } from './parse-config.js';

describe('parseConfig', () => {
  it('fills every section with its defaults from an empty object', () => {
    const { config } = parseConfig({});
    expect(config.retry.maxRetries).toBe(3);
    expect(config.retry.retryableStatusCodes).toEqual([408, 409, 425, 429, '5xx']);
    expect(config.retry.budget.maxTokens).toBe(100);
    expect(config.bus).toMatchObject({
      inboundCapacity: 1024,
      outboundCapacity: 1024,
      overflowPolicy: 'block',
    });
    expect(config.failover.circuitBreaker.failureThreshold).toBe(5);
    expect(config.agents.defaults.maxToolIterations).toBe(20);
    expect(config.routing.costBudgets.onExceeded).toBe('downgrade');
    expect(config.tools.mcpServers).toEqual({});
  });

  it('rejects a wrong type with the path and the value received', () => {
    try {
      parseConfig({ retry: { maxRetries: 'three' } });
      expect.unreachable();
    } catch (error) {
      expect(ConfigError.is(error)).toBe(true);
      const configError = error as ConfigError;
      expect(configError.kind).toBe('config-invalid');
      expect(configError.issues[0]).toMatchObject({ path: 'retry.maxRetries', received: '"three"' });
    }
  });
});
