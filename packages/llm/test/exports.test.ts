import { describe, expect, it } from 'vitest';
import * as llm from '../src/index.js';
import * as testing from '../src/testing/index.js';

// Adding a name here is an API decision: the public surface is exactly these runtime exports.
describe('@clawft/llm public surface', () => {
  it('exports exactly these runtime names from "."', () => {
    expect(Object.keys(llm).sort()).toEqual([
      'Circuit',
      'DEFAULT_FAILOVER_KINDS',
      'PROVIDER_PRESETS',
      'ResponseFold',
      'RetryBudgetBucket',
      'SseParser',
      'applyPartHandler',
      'assembleText',
      'backoffDelayMs',
      'collectResponse',
      'createAnthropicProvider',
      'createOpenAiCompatibleProvider',
      'createProvider',
      'kindForStatus',
      'mapHttpError',
      'mapInBandError',
      'mapNetworkError',
      'parseModelId',
      'parseRetryAfter',
      'presetFor',
      'processRetryBudget',
      'resolveRetryPolicy',
      'sharedAgent',
      'withFailover',
      'withRetry',
    ]);
  });

  it('exports exactly these runtime names from "./testing"', () => {
    expect(Object.keys(testing).sort()).toEqual(['createFakeLlmServer', 'createScriptedProvider']);
  });
});
