export { createFakeLlmServer, type FakeLlmServer, type FakeLlmServerOptions } from './fake-llm-server.js';
export type {
  FakeAnswer,
  FakeApi,
  FakeInBandError,
  FakeRaw,
  FakeRequest,
  FakeStatus,
  FakeStep,
  FakeToolCall,
  FakeUsage,
} from './fake-script.js';
export {
  createScriptedProvider,
  type ScriptedAnswer,
  type ScriptedFailure,
  type ScriptedProvider,
  type ScriptedProviderOptions,
  type ScriptedStall,
  type ScriptedTurn,
} from './scripted-provider.js';
