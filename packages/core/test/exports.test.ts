import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';
import * as testing from '../src/testing/index.js';

describe('@clawft/core exports', () => {
  it('exposes exactly the pinned runtime names (adding one is an API decision)', () => {
    // biome-ignore format: one name per line, so adding an export is a one-line change
    expect(Object.keys(core).sort()).toEqual([
      'ANONYMOUS_SENDER',
      'AgentLoop',
      'BOOTSTRAP_FILES',
      'BoundedChannel',
      'BusTurnClient',
      'ContextBuilder',
      'CostFileError',
      'CostTracker',
      'DEFAULT_PRICING',
      'FileCache',
      'MessageBus',
      'PathLockManager',
      'Pipeline',
      'PricingTable',
      'RateLimiter',
      'RoundRobinLanes',
      'SessionError',
      'SessionStore',
      'SessionSummarySchema',
      'SkillFrontmatterSchema',
      'SkillsLoader',
      'ToolRegistry',
      'assembleContext',
      'budgetPeriod',
      'canonicalPath',
      'createAgentLoop',
      'createBuiltinTools',
      'createBusTransport',
      'createClassifier',
      'createJetStreamBus',
      'createJetStreamSessionStore',
      'createMemoryBudgetStore',
      'createOutcomeLog',
      'createPipeline',
      'createProviderTransport',
      'createRouter',
      'historyWindow',
      'inboundRequest',
      'nodeFileSystem',
      'openBudgetStore',
      'openFileBudgetStore',
      'openNatsBudgetStore',
      'openSessionHistory',
      'readCostLedger',
      'renderSkillsSummary',
      'scoreResponse',
      'sessionFileName',
      'withMessageId',
    ]);
  });

  it('exports exactly these runtime names from "./testing"', () => {
    expect(Object.keys(testing).sort()).toEqual(['freePort', 'natsServerBinary', 'startNatsServer']);
  });
});
