import type { TurnResult } from '@clawft/core';
import type { TurnEvent } from '@clawft/types';
import { chunk, clawftExtension, openAiUsage } from './completion-shapes.js';
import type { SseStream } from './sse-stream.js';

/**
 * Writes a turn as OpenAI `chat.completion.chunk` events. The OpenAI wire has no way to take text back, so text is
 * held until the turn finishes: a `reset` (failover mid-answer) drops the text of the model call it restarts, and a
 * new `turnId` (a redelivered message: its first worker died, another starts over) drops everything the abandoned
 * attempt produced, so the client sees one clean answer, chunked as the model produced it. The stream is opened by
 * the first text to show, so a turn refused before any output (budget, rate limit) keeps its HTTP status.
 */
export class CompletionStream {
  readonly #open: () => SseStream;
  readonly #id: string;
  #model: string;
  /** Text of the model call running now. */
  #call: string[] = [];
  /** Text of the attempt's finished model calls. */
  #held: string[] = [];
  #turnId: string | undefined;
  #sse: SseStream | undefined;
  #sentText = false;

  constructor(options: { id: string; model: string; open: () => SseStream }) {
    this.#id = options.id;
    this.#model = options.model;
    this.#open = options.open;
  }

  /** Whether the response has started (its status is 200 from then on). */
  get started(): boolean {
    return this.#sse !== undefined;
  }

  /** Follows one turn event. */
  async onEvent(event: TurnEvent): Promise<void> {
    if (this.#turnId !== undefined && event.turnId !== this.#turnId) {
      this.#call = [];
      this.#held = [];
    }
    this.#turnId = event.turnId;
    if (event.type === 'turn-finish') return this.#release();
    if (event.type !== 'part') return;
    const part = event.part;
    if (part.type === 'text-delta') this.#call.push(part.text);
    else if (part.type === 'reset') this.#call = [];
    else if (part.type === 'finish') {
      this.#model = part.model;
      this.#held.push(...this.#call);
      this.#call = [];
    }
  }

  /** Sends the last chunk (finish reason and the `clawft` extension), the usage chunk when asked for, `[DONE]`. */
  async finish(
    result: TurnResult,
    options: { turnId: string; sessionKey: string; includeUsage: boolean },
  ): Promise<void> {
    const { outcome } = result;
    await this.#release();
    // A turn that showed no text (it failed, or hit the iteration limit) still answers with its reply.
    if (!this.#sentText) await this.#text(result.reply.content);
    const sse = await this.#stream();
    const last = chunk(this.#id, this.#model, {}, outcome.end === 'iteration-limit' ? 'length' : 'stop');
    await sse.send({ ...last, clawft: clawftExtension(options.turnId, options.sessionKey, outcome) });
    if (options.includeUsage)
      await sse.send({ ...chunk(this.#id, this.#model, {}), choices: [], usage: openAiUsage(outcome) });
    await sse.send('[DONE]');
    sse.end();
  }

  /** Ends a started stream without a last chunk (the turn was refused after all); the client sees it cut. */
  abandon(): void {
    this.#sse?.end();
  }

  async #release(): Promise<void> {
    const held = this.#held;
    this.#held = [];
    for (const text of held) await this.#text(text);
  }

  async #text(text: string): Promise<void> {
    if (text === '') return;
    this.#sentText = true;
    await (await this.#stream()).send(chunk(this.#id, this.#model, { content: text }));
  }

  async #stream(): Promise<SseStream> {
    if (this.#sse === undefined) {
      this.#sse = this.#open();
      await this.#sse.send(chunk(this.#id, this.#model, { role: 'assistant', content: '' }));
    }
    return this.#sse;
  }
}
