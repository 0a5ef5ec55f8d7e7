import { randomUUID } from 'node:crypto';
import {
  type ChatMessage,
  type LlmResponse,
  type OutboundMessage,
  type ResponseOutcome,
  type StreamPart,
  sessionKey,
  type TurnEvent,
  type TurnOutcome,
} from '@clawft/types';
import { type FailureReply, failureReply, iterationLimitReply } from './failure-reply.js';
import { assistantMessage, runToolBatch, toolRound } from './tool-round.js';
import { TurnClock } from './turn-clock.js';
import type { TurnDeps, TurnRunResult, TurnSetup } from './turn-deps.js';
import { TurnRecord } from './turn-record.js';
import { chatRequest, isOutput, replyTo, type TurnOrigin, toolEvent } from './turn-reply.js';
import { resumePoint } from './turn-resume.js';
import { deliverEvent } from './turn-watchers.js';

/** How the rounds ended: a final answer, a failure, or the loop handing the turn back to the bus. */
type RoundEnd = { response: LlmResponse } | { failure: FailureReply } | { handover: true };

/**
 * One turn: load the session, build the context, call the pipeline, run the tools, append each assistant tool call
 * with its results at once, repeat up to `maxToolIterations`, then persist and publish the reply. Never throws: every
 * failure becomes a reply that says what happened and what to do.
 */
export class TurnRun {
  readonly #deps: TurnDeps;
  readonly #setup: TurnSetup;
  readonly #clock: TurnClock;
  readonly #record = new TurnRecord();
  readonly #origin: TurnOrigin;
  #iterations = 0;
  /** Whether the user message is in the session (else the reply's append carries it). */
  #userSaved = false;
  /** Whether every append so far reached the session. */
  #persisted = true;
  #publishError: unknown;

  constructor(deps: TurnDeps, setup: TurnSetup) {
    this.#deps = deps;
    this.#setup = setup;
    const busWaitMs = Math.max(0, deps.wallClock() - setup.message.timestamp);
    this.#clock = new TurnClock(deps.clock, setup.receivedMs, busWaitMs);
    const messageId = setup.message.metadata.messageId;
    this.#origin = {
      turnId: randomUUID(),
      sessionKey: sessionKey(setup.message),
      ...(typeof messageId === 'string' ? { messageId } : {}),
    };
  }

  async run(): Promise<TurnRunResult> {
    this.#clock.lap('queue');
    const { senderId } = this.#setup.message;
    await this.#emit({ type: 'turn-start', ...this.#origin, senderId, queueMs: this.#clock.totals.queue });
    let end: RoundEnd;
    try {
      end = await this.#rounds(await this.#prepare());
    } catch (error) {
      end = { failure: failureReply(error, this.#setup.signal.aborted) };
    }
    return this.#finish(end);
  }

  /** The model's messages; the user message appended, unless a partial turn in the session is resumed. */
  async #prepare(): Promise<ChatMessage[]> {
    const { sessions, context } = this.#deps;
    const { signal, message, resumeFrom } = this.#setup;
    const session = resumeFrom ?? (await sessions.load(this.#origin.sessionKey, { signal }));
    // Only a delivery resumes (a worker died or handed it over mid-turn); a direct turn starts afresh.
    const resume = resumePoint(session, resumeFrom && this.#origin.messageId);
    const history = resume?.history ?? session.messages;
    const messages = await context.build({ history, message: message.content, signal });
    this.#clock.lap('context');
    if (resume === undefined) await this.#append([{ role: 'user', content: message.content }]);
    else {
      messages.push(...resume.rounds);
      this.#iterations = resume.iterations;
    }
    this.#userSaved = true;
    return messages;
  }

  async #rounds(messages: ChatMessage[]): Promise<RoundEnd> {
    const limit = this.#deps.defaults.maxToolIterations;
    while (this.#iterations < limit) {
      this.#iterations += 1;
      const response = await this.#callModel(messages, this.#iterations);
      if (response.toolCalls.length === 0) return { response };
      const { round, crash } = await this.#runTools(response);
      // Handed over: the round was cut short; another worker runs it again from the last whole round.
      if (this.#handingOver()) return { handover: true };
      await this.#append(round);
      messages.push(...round);
      if (crash !== undefined) return { failure: crash };
    }
    return { failure: iterationLimitReply(limit) };
  }

  async #callModel(messages: ChatMessage[], iteration: number): Promise<LlmResponse> {
    const deps = this.#deps;
    const { message, signal } = this.#setup;
    const startMs = this.#clock.offset(this.#clock.now());
    let firstTokenAtMs: number | undefined;
    let outcome: ResponseOutcome | undefined;
    const onPart = async (part: StreamPart): Promise<void> => {
      if (firstTokenAtMs === undefined && isOutput(part))
        firstTokenAtMs = this.#clock.offset(this.#clock.now());
      await this.#emit({ type: 'part', ...this.#origin, iteration, part });
    };
    try {
      const { response } = await deps.pipeline.stream(
        chatRequest(deps, message, messages, this.#origin.turnId),
        {
          onPart,
          signal,
          sessionKey: this.#origin.sessionKey,
          ...(iteration === 1
            ? { queueMs: this.#clock.totals.queue, contextMs: this.#clock.totals.context }
            : {}),
          onOutcome: (result) => {
            outcome = result;
          },
        },
      );
      return response;
    } finally {
      const durationMs = this.#clock.lap('llm');
      this.#record.addCall(iteration, { startMs, durationMs, firstTokenAtMs }, outcome);
    }
  }

  async #runTools(response: LlmResponse): Promise<{ round: ChatMessage[]; crash?: FailureReply }> {
    const iteration = this.#iterations;
    const { message, signal } = this.#setup;
    const { reports, crash } = await runToolBatch(this.#deps, response.toolCalls, {
      signal,
      senderId: message.senderId,
      sessionKey: this.#origin.sessionKey,
      onEvent: (event) => this.#emit(toolEvent(event, iteration, this.#origin)),
    });
    this.#clock.lap('tools');
    this.#record.addTools(iteration, reports);
    const missing = crash === undefined ? 'the tool runner returned no result for this call' : crash.text;
    const round = toolRound(assistantMessage(response), reports, missing);
    return { round, ...(crash === undefined ? {} : { crash }) };
  }

  async #finish(end: RoundEnd): Promise<TurnRunResult> {
    const handover = 'handover' in end || this.#handingOver();
    const failure =
      'failure' in end ? end.failure : handover ? failureReply(this.#setup.signal.reason, true) : undefined;
    const content = failure?.text ?? ('response' in end ? end.response.content : '');
    const outcomeOf = (published: boolean) =>
      this.#record.outcome({
        clock: this.#clock,
        end: failure?.end ?? 'answered',
        content,
        iterations: this.#iterations,
        ...(failure === undefined ? {} : { error: failure.error }),
        published,
      });
    const { message, publish } = this.#setup;
    if (handover) {
      // No final record and no reply: the next delivery of the message resumes the turn from the session.
      const outcome = outcomeOf(false);
      return this.#result(replyTo(message, this.#origin, content, outcome), outcome, true);
    }
    // The reply is built before its record, which keeps it as published (its timings end before that append).
    const reply = replyTo(message, this.#origin, content, outcomeOf(publish !== undefined));
    const user: ChatMessage[] = this.#userSaved ? [] : [{ role: 'user', content: message.content }];
    await this.#append([...user, { role: 'assistant', content, toolCalls: [] }], reply);
    const published = publish !== undefined && (await this.#publish(publish, reply));
    const outcome = outcomeOf(published);
    await this.#emit({ type: 'turn-finish', ...this.#origin, outcome });
    return this.#result(reply, outcome, false);
  }

  #result(reply: OutboundMessage, outcome: TurnOutcome, handedOver: boolean): TurnRunResult {
    const persisted = this.#persisted && !handedOver;
    return { reply, outcome, persisted, publishError: this.#publishError, handedOver };
  }

  #handingOver(): boolean {
    return this.#setup.handOver?.aborted === true;
  }

  /** Publishes the reply; a closed or unreachable bus is reported (the reply is in the session), never thrown. */
  async #publish(
    publish: (reply: OutboundMessage) => Promise<void>,
    reply: OutboundMessage,
  ): Promise<boolean> {
    try {
      await publish(reply);
      return true;
    } catch (error) {
      this.#publishError = error;
      this.#deps.onProblem({ type: 'reply-undelivered', reply, error });
      return false;
    } finally {
      this.#clock.lap('publish');
    }
  }

  /**
   * Appends one unit (never aborted half way), tagged with the message id; the final one carries the reply. A
   * failure is reported, and thrown unless it is the final one.
   */
  async #append(messages: ChatMessage[], reply?: OutboundMessage): Promise<void> {
    const { messageId } = this.#origin;
    try {
      await this.#deps.sessions.append(this.#origin.sessionKey, messages, { messageId, reply });
    } catch (error) {
      this.#persisted = false;
      this.#deps.onProblem({ type: 'append-failed', sessionKey: this.#origin.sessionKey, error });
      if (reply === undefined) throw error;
    } finally {
      this.#clock.lap('persist');
    }
  }

  #emit(event: TurnEvent): Promise<void> {
    return deliverEvent(this.#setup.handlers, event);
  }
}
