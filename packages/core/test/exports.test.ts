import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';

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
      'createOutcomeLog',
      'createPipeline',
      'createProviderTransport',
      'createRouter',
      'historyWindow',
      'inboundRequest',
      'nodeFileSystem',
      'renderSkillsSummary',
      'scoreResponse',
      'sessionFileName',
      'withMessageId',
    ]);
  });
});
