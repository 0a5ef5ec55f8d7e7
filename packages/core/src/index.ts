export { AgentLoop } from './agent/agent-loop.js';
export type {
  AgentLoopOptions,
  RunTurnOptions,
  ShutdownOptions,
  ShutdownReport,
} from './agent/agent-loop-options.js';
export { type CreateAgentLoopOptions, createAgentLoop } from './agent/create-agent-loop.js';
export type { TurnProblem, TurnResult } from './agent/turn-deps.js';
export type { TurnEventHandler, WatchTarget } from './agent/turn-watchers.js';
export { BoundedChannel } from './bus/bounded-channel.js';
export type {
  BusTransport,
  BusTransportMetrics,
  InboundDelivery,
  OutboundListener,
  OutboundTarget,
  SettleOptions,
  TurnEventListener,
} from './bus/bus-transport.js';
export {
  BusTurnClient,
  type BusTurnClientOptions,
  type BusTurnOptions,
} from './bus/bus-turn-client.js';
export type { ChannelMetrics, SendWaitMetrics } from './bus/channel-metrics.js';
export type {
  BoundedChannelOptions,
  DropReason,
  ReceiveOptions,
  SendOptions,
  SendOutcome,
  TrySendResult,
} from './bus/channel-options.js';
export { type CreateBusTransportOptions, createBusTransport } from './bus/create-bus-transport.js';
export { withMessageId } from './bus/inbound-id.js';
export type {
  BusDropEvent,
  BusDropReason,
  DispatchMetrics,
  MessageBusMetrics,
  MessageBusOptions,
  OutboundHandler,
} from './bus/message-bus.js';
export { MessageBus } from './bus/message-bus.js';
export { type LaneHandle, RoundRobinLanes } from './bus/round-robin-lanes.js';
export { createJetStreamBus } from './bus-jetstream/create-jetstream-bus.js';
export type { JetStreamBus } from './bus-jetstream/jetstream-bus.js';
export type { JetStreamBusOptions } from './bus-jetstream/jetstream-bus-options.js';
export {
  BOOTSTRAP_FILES,
  type BuildContextOptions,
  ContextBuilder,
  type ContextBuilderOptions,
  type SystemPrompt,
} from './context/context-builder.js';
export {
  FileCache,
  type FileCacheOptions,
  type FileCacheStats,
  type FileReadOptions,
  type FileSnapshot,
} from './context/file-cache.js';
export {
  type DirectoryEntry,
  type FileStat,
  type FileSystem,
  nodeFileSystem,
  type ReadFileOptions,
  type WatchEvent,
} from './context/file-system.js';
export { historyWindow } from './context/history-window.js';
export type { PromptSection } from './context/render-prompt.js';
export type { BudgetBreach } from './cost/budget-check.js';
export { type BudgetPeriod, budgetPeriod } from './cost/budget-period.js';
export type {
  BudgetStore,
  BudgetStoreKind,
  HoldRecord,
  HoldsChange,
  LedgerRead,
  TotalsSnapshot,
} from './cost/budget-store.js';
export {
  CostFileError,
  type CostFileErrorKind,
  type CostFileErrorOptions,
} from './cost/cost-file-error.js';
export type { LedgerEntry, LedgerQuery } from './cost/cost-ledger.js';
export {
  ANONYMOUS_SENDER,
  type AttemptUsage,
  type CostBudgetsInput,
  CostTracker,
  type CostTrackerOptions,
  type Reservation,
  type ReserveRequest,
  type ReserveResult,
} from './cost/cost-tracker.js';
export { type FileBudgetStoreOptions, openFileBudgetStore } from './cost/file-budget-store.js';
export { createMemoryBudgetStore, type MemoryBudgetStoreOptions } from './cost/memory-budget-store.js';
export { type NatsBudgetStoreOptions, openNatsBudgetStore } from './cost/nats-budget-store.js';
export { type OpenBudgetStoreOptions, openBudgetStore } from './cost/open-budget-store.js';
export { DEFAULT_PRICING, PricingTable } from './cost/pricing.js';
export { type CostLedgerContents, readCostLedger } from './cost/read-cost-ledger.js';
export { canonicalPath } from './locks/canonical-path.js';
export { type AcquireOptions, type LockLease, PathLockManager } from './locks/path-lock-manager.js';
export { type AssembledContext, type AssembleOptions, assembleContext } from './pipeline/assemble-context.js';
export type { RecordedAttempt, TargetReport } from './pipeline/attempt-recorder.js';
export { type CreatePipelineOptions, createPipeline } from './pipeline/create-pipeline.js';
export { inboundRequest } from './pipeline/inbound-request.js';
export type { LlmTransport, TransportCall } from './pipeline/llm-transport.js';
export { createOutcomeLog, type OutcomeLog } from './pipeline/outcome-log.js';
export { Pipeline } from './pipeline/pipeline.js';
export type {
  OutcomeDetails,
  OutcomeListener,
  PipelineCallOptions,
  PipelineOptions,
  PipelineResult,
  PipelineStreamOptions,
} from './pipeline/pipeline-options.js';
export { createProviderTransport, type ProviderTransportOptions } from './pipeline/provider-transport.js';
export { type Scorer, scoreResponse } from './pipeline/score-response.js';
export { type RateDecision, RateLimiter, type RateLimiterOptions } from './rate-limit/rate-limiter.js';
export { type Classifier, createClassifier } from './routing/classifier.js';
export type { ModelHealthOptions } from './routing/model-health.js';
export {
  createRouter,
  type RouteContext,
  type RoutePlan,
  type Router,
  type RouterOptions,
} from './routing/router.js';
export { openSessionHistory } from './sessions/open-session-history.js';
export { SessionError, type SessionErrorKind, type SessionErrorOptions } from './sessions/session-error.js';
export { sessionFileName } from './sessions/session-file-name.js';
export type { Session, SessionAppendOptions, SessionHistory } from './sessions/session-history.js';
export type { SessionIssue } from './sessions/session-log.js';
export { SessionStore, type SessionStoreOptions } from './sessions/session-store.js';
export {
  type SessionListOptions,
  type SessionSummary,
  SessionSummarySchema,
} from './sessions/session-summary.js';
export type { SessionTurn } from './sessions/session-turns.js';
export { createJetStreamSessionStore } from './sessions-jetstream/create-jetstream-session-store.js';
export type { JetStreamSessionStoreOptions } from './sessions-jetstream/jetstream-session-options.js';
export type { JetStreamSessionStore } from './sessions-jetstream/jetstream-session-store.js';
export {
  type Skill,
  type SkillFrontmatter,
  SkillFrontmatterSchema,
  type SkillProblem,
  type SkillProblemReason,
} from './skills/skill-schema.js';
export {
  type SkillRoot,
  SkillsLoader,
  type SkillsLoaderOptions,
  type SkillsScan,
} from './skills/skills-loader.js';
export { renderSkillsSummary } from './skills/skills-summary.js';
export { type BuiltinToolsOptions, createBuiltinTools } from './tools/builtin/create-builtin-tools.js';
export type { ToolBatchContext, ToolCallReport, ToolEvent, ToolRunner } from './tools/tool-batch.js';
export { ToolRegistry, type ToolRegistryOptions } from './tools/tool-registry.js';
export type { RegisterOptions, ZodTool } from './tools/zod-tool.js';
