import {
  ClawftError,
  type ErrorInfo,
  ProviderError,
  type ProviderErrorKind,
  RoutingError,
  type RoutingErrorKind,
  type TurnEnd,
} from '@clawft/types';
import { errorInfo } from '../pipeline/call-transport.js';

/** What a failed turn tells the person: which kind of failure, what happened, what to do. */
export interface FailureReply {
  end: Exclude<TurnEnd, 'answered'>;
  error: ErrorInfo;
  text: string;
}

/** The reply of a turn that ended with `error` (thrown by the pipeline, the tools or the session store). */
export function failureReply(error: unknown, aborted: boolean): FailureReply {
  const info = errorInfo(error);
  if (aborted || ((ProviderError.is(error) || RoutingError.is(error)) && error.kind === 'aborted')) {
    return {
      end: 'aborted',
      error: info,
      text: 'I stopped before finishing this answer (aborted): the agent is shutting down or the request was cancelled. Send the message again to get an answer.',
    };
  }
  return { end: 'failed', error: info, text: `I could not answer (${info.kind}): ${advice(error, info)}` };
}

/** The reply of a turn that used up `maxToolIterations` rounds without a final answer. */
export function iterationLimitReply(rounds: number): FailureReply {
  const message = `stopped after ${rounds} model → tools rounds without a final answer`;
  return {
    end: 'iteration-limit',
    error: { name: 'TurnError', kind: 'iteration-limit', message, retryable: false },
    text: `I ${message} (iteration-limit). Ask me to continue, or raise agents.defaults.maxToolIterations in config.json.`,
  };
}

/** The reply of a turn whose tool runner threw instead of returning results. */
export function toolCrashReply(error: unknown): FailureReply {
  const cause = error instanceof Error ? error.message : String(error);
  return {
    end: 'tool-crash',
    error: { name: 'TurnError', kind: 'tool-crash', message: cause, retryable: false },
    text: `I could not finish (tool-crash): running the tools failed with "${cause}". The calls were recorded as failed; send the message again, and report this if it repeats.`,
  };
}

function advice(error: unknown, info: ErrorInfo): string {
  if (RoutingError.is(error)) return routingAdvice(error.kind, error);
  if (ProviderError.is(error)) return `${providerAdvice(error.kind, info)} (${info.message})`;
  if (ClawftError.is(error)) return `${info.message}`;
  return `an unexpected error occurred: ${info.message}. Send the message again, and report this if it repeats.`;
}

function routingAdvice(kind: RoutingErrorKind, error: RoutingError): string {
  switch (kind) {
    case 'budget-exceeded':
      return `the ${error.budget ?? 'cost'} budget${error.limitUsd === undefined ? '' : ` of $${error.limitUsd}`} is used up. Wait for the next budget period, or ask the operator to raise routing.costBudgets.`;
    case 'rate-limited':
      return `too many requests right now. Try again in ${waitText(error.retryAfterMs)}.`;
    case 'no-route':
      return `no configured model can take this request. ${error.message}`;
    case 'context-too-large':
      return `the conversation is too long for the model. ${error.message}`;
    case 'aborted':
      return `the request was cancelled before a model was called. ${error.message}`;
    default: {
      const unexpected: never = kind;
      return String(unexpected);
    }
  }
}

function providerAdvice(kind: ProviderErrorKind, info: ErrorInfo): string {
  switch (kind) {
    case 'rate-limited':
    case 'overloaded':
    case 'quota-exceeded':
      return `the model provider is refusing requests for now. Try again in ${waitText(info.retryAfterMs)}`;
    case 'server-error':
    case 'network':
    case 'timeout':
    case 'stream-truncated':
    case 'malformed-response':
    case 'circuit-open':
    case 'all-providers-failed':
      return 'the model provider failed even after retries and failover. Try again shortly; if it persists, check the provider status or add a failover target';
    case 'context-length-exceeded':
      return 'the conversation is too long for the model. Start a new conversation or route to a larger-context model';
    case 'content-filtered':
      return 'the provider filtered the answer. Rephrase the request';
    case 'auth-failed':
    case 'not-configured':
    case 'model-not-found':
      return 'the provider is not set up for this model. Check the API key and the model id in config.json';
    case 'invalid-request':
      return 'the provider rejected the request. Report this with the message below';
    case 'aborted':
      return 'the request was cancelled. Send the message again';
    default: {
      const unexpected: never = kind;
      return String(unexpected);
    }
  }
}

function waitText(retryAfterMs: number | undefined): string {
  if (retryAfterMs === undefined) return 'a minute';
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}
