export {
  type ToolFinishEvent,
  ToolFinishEventSchema,
  type ToolStartEvent,
  ToolStartEventSchema,
  type TurnEnd,
  TurnEndSchema,
  type TurnEvent,
  TurnEventSchema,
  type TurnEventType,
  type TurnFinishEvent,
  TurnFinishEventSchema,
  type TurnLlmCall,
  TurnLlmCallSchema,
  type TurnOutcome,
  TurnOutcomeSchema,
  type TurnPartEvent,
  TurnPartEventSchema,
  type TurnStartEvent,
  TurnStartEventSchema,
  type TurnTimings,
  TurnTimingsSchema,
  type TurnToolCall,
  TurnToolCallSchema,
} from './agent/turn-events.js';
export { type Config, type ConfigInput, ConfigSchema } from './config/config-schema.js';
export { type DefaultProvider, defaultProvider } from './config/default-provider.js';
export { type LoadConfigOptions, loadConfig } from './config/load-config.js';
export {
  type ConfigResult,
  type ConfigWarning,
  type ParseConfigOptions,
  parseConfig,
} from './config/parse-config.js';
export { expandHome } from './config/path-fields.js';
export {
  type CircuitBreaker,
  CircuitBreakerSchema,
  type Failover,
  FailoverSchema,
  type ProviderSettings,
  ProviderSettingsSchema,
  type RetryBudget,
  RetryBudgetSchema,
  type RetryPolicy,
  type RetryPolicyOverride,
  RetryPolicyOverrideSchema,
  RetryPolicySchema,
  type StreamMode,
  StreamModeSchema,
  type Timeouts,
  TimeoutsSchema,
} from './config/provider-config.js';
export { PROVIDER_PRESETS, type ProviderPreset, presetFor } from './config/provider-presets.js';
export {
  type CostBudgets,
  CostBudgetsSchema,
  type Escalation,
  EscalationSchema,
  type ModelPrice,
  ModelPriceSchema,
  type Pricing,
  PricingSchema,
  type RateLimiting,
  RateLimitingSchema,
  type Routing,
  RoutingSchema,
  type RoutingTier,
  RoutingTierSchema,
  type SelectionStrategy,
  SelectionStrategySchema,
  type SenderBudget,
  SenderBudgetSchema,
} from './config/routing-config.js';
export {
  type AgentDefaults,
  AgentDefaultsSchema,
  type Agents,
  AgentsSchema,
  type Bus,
  BusSchema,
  type ExecPolicy,
  ExecPolicySchema,
  type Gateway,
  GatewaySchema,
  type GatewayToken,
  GatewayTokenSchema,
  type McpServer,
  McpServerSchema,
  type NatsBus,
  NatsBusSchema,
  type Observability,
  ObservabilitySchema,
  type OverflowPolicy,
  OverflowPolicySchema,
  type Tools,
  ToolsSchema,
  type WebFetchPolicy,
  WebFetchPolicySchema,
} from './config/runtime-config.js';
export { BusError, type BusErrorKind, type BusErrorOptions } from './errors/bus-error.js';
export { ClawftError, type ClawftErrorOptions } from './errors/clawft-error.js';
export {
  ConfigError,
  type ConfigErrorKind,
  type ConfigErrorOptions,
  type ConfigIssue,
} from './errors/config-error.js';
export {
  type ErrorInfo,
  ErrorInfoSchema,
  type ProviderPhase,
  ProviderPhaseSchema,
} from './errors/error-info.js';
export {
  FAILOVER_PROVIDER_KINDS,
  HEALTH_NEUTRAL_PROVIDER_KINDS,
  NOT_ESCALATED_PROVIDER_KINDS,
  TARGET_FAILURE_KINDS,
} from './errors/error-kind-sets.js';
export { McpError, type McpErrorKind, type McpErrorOptions } from './errors/mcp-error.js';
export {
  type ProviderAttempt,
  ProviderError,
  type ProviderErrorKind,
  type ProviderErrorOptions,
  RETRYABLE_PROVIDER_KINDS,
  type TimeoutKind,
} from './errors/provider-error.js';
export {
  isRetryableError,
  matchesStatusCode,
  type StatusCodeMatcher,
  StatusCodeMatcherSchema,
} from './errors/retryable.js';
export {
  type BudgetName,
  RoutingError,
  type RoutingErrorKind,
  type RoutingErrorOptions,
} from './errors/routing-error.js';
export { ToolError, type ToolErrorKind, type ToolErrorOptions } from './errors/tool-error.js';
export {
  type AssistantMessage,
  AssistantMessageSchema,
  type ChatMessage,
  ChatMessageSchema,
  type ChatRequest,
  type ChatRequestInput,
  ChatRequestSchema,
  type ContentPart,
  ContentPartSchema,
  contentText,
  emptyUsage,
  type FinishReason,
  FinishReasonSchema,
  type JsonSchema,
  JsonSchemaSchema,
  type LlmResponse,
  LlmResponseSchema,
  type SystemMessage,
  SystemMessageSchema,
  type ToolCall,
  ToolCallSchema,
  type ToolDefinition,
  ToolDefinitionSchema,
  type ToolMessage,
  ToolMessageSchema,
  type Usage,
  UsageSchema,
  type UserMessage,
  UserMessageSchema,
} from './llm/chat.js';
export {
  type CallOptions,
  callPartHandler,
  type LlmProvider,
  type ProviderCapabilities,
  type StreamOptions,
  type StreamPartCallback,
  type StreamPartHandler,
  type StreamPartObserver,
  type StreamPartVerdict,
} from './llm/llm-provider.js';
export { type ParseChatRequestContext, parseChatRequest } from './llm/parse-chat-request.js';
export {
  type FailoverPart,
  FailoverPartSchema,
  type FinishPart,
  FinishPartSchema,
  type ProviderTarget,
  ProviderTargetSchema,
  type ReasoningDeltaPart,
  ReasoningDeltaPartSchema,
  type ResetPart,
  ResetPartSchema,
  type RetryPart,
  RetryPartSchema,
  type StreamPart,
  StreamPartSchema,
  type StreamPartType,
  type TextDeltaPart,
  TextDeltaPartSchema,
  type ToolCallPart,
  ToolCallPartSchema,
  type UsagePart,
  UsagePartSchema,
} from './llm/stream-parts.js';
export {
  type InboundMessage,
  InboundMessageSchema,
  type OutboundMessage,
  type OutboundMessageInput,
  OutboundMessageSchema,
  sessionKey,
} from './messages/messages.js';
export { collectSecrets } from './redact/collect-secrets.js';
export { isSecretKey, REDACTED, redactSecrets, redactText } from './redact/redact.js';
export { SecretRegistry } from './redact/secret-registry.js';
export { redactUrl, urlSecrets } from './redact/url-secrets.js';
export {
  type AttemptTiming,
  AttemptTimingSchema,
  type ResponseOutcome,
  ResponseOutcomeSchema,
  type RoutingDecision,
  RoutingDecisionSchema,
  type StageTimings,
  StageTimingsSchema,
  type TaskProfile,
  TaskProfileSchema,
  type ToolTiming,
  ToolTimingSchema,
} from './routing/routing-records.js';
export type { Tool, ToolAccess, ToolContext, ToolResult } from './tools/tool.js';
