import type { ErrorInfo, StreamPart, TurnEvent, TurnOutcome } from '@clawft/types';
import { StatusLine } from './status-line.js';
import { advance, dim, formatDuration, red, type TerminalSink } from './terminal-text.js';

type Part<T extends StreamPart['type']> = Extract<StreamPart, { type: T }>;

/** "429 from openai", "timeout from groq": why an attempt failed, in a few words. */
export function reasonOf(error: ErrorInfo, provider: string): string {
  return `${error.status ?? error.kind} from ${error.provider ?? provider}`;
}

/**
 * Renders one turn's events for a person: streamed text as it arrives; retries with a live countdown and their
 * reason; failovers; a `reset` that erases the discarded partial text on a TTY (a marker line otherwise); tool
 * starts and finishes with durations and lock waits; a spinner during waits (TTY only); a summary line at the end.
 * Call `dispose()` when the turn is over or abandoned: it stops the spinner's timer.
 */
export class TurnRenderer {
  readonly #sink: TerminalSink;
  readonly #status: StatusLine;
  readonly #senderId: string;
  #column = 0;
  /** Text of the current model call since its start or last reset, and the column it started at. */
  #attemptText = '';
  #attemptColumn = 0;
  #iteration = 0;
  #pendingFailover: string | undefined;
  #toolsRunning = 0;

  constructor(sink: TerminalSink, options: { senderId: string }) {
    this.#sink = sink;
    this.#status = new StatusLine((text) => sink.write(text), sink.isTTY);
    this.#senderId = options.senderId;
  }

  /** Handles one event of the turn. */
  onEvent(event: TurnEvent): void {
    switch (event.type) {
      case 'turn-start':
        this.#wait('thinking…');
        return;
      case 'part':
        if (event.iteration !== this.#iteration) {
          this.#iteration = event.iteration;
          this.#attemptText = '';
        }
        this.#part(event.part);
        return;
      case 'tool-start':
        this.#toolsRunning += 1;
        this.#line(dim(this.#sink, `▸ ${event.name} ${JSON.stringify(event.arguments).slice(0, 100)}`));
        this.#wait(`running ${this.#toolsRunning} tool${this.#toolsRunning === 1 ? '' : 's'}…`);
        return;
      case 'tool-finish': {
        this.#toolsRunning = Math.max(0, this.#toolsRunning - 1);
        const mark = event.isError ? red(this.#sink, '✗') : '✓';
        const waited = event.lockWaitMs >= 1 ? `, waited ${formatDuration(event.lockWaitMs)} for locks` : '';
        const why = event.timedOut ? ', timed out' : event.isError ? ', error' : '';
        this.#line(
          `${mark} ${dim(this.#sink, `${event.name} ${formatDuration(event.durationMs)}${waited}${why}`)}`,
        );
        this.#wait(this.#toolsRunning > 0 ? `running ${this.#toolsRunning} tool(s)…` : 'thinking…');
        return;
      }
      case 'turn-finish':
        this.#finish(event.outcome);
        return;
    }
  }

  /** Stops the spinner and ends the current line. */
  dispose(): void {
    this.#status.clear();
    if (this.#column !== 0) this.#write('\n');
  }

  #part(part: StreamPart): void {
    switch (part.type) {
      case 'text-delta':
        this.#text(part.text);
        return;
      case 'retry':
        this.#retry(part);
        return;
      case 'failover':
        this.#failover(part);
        return;
      case 'reset':
        this.#reset(part);
        return;
      default:
        return;
    }
  }

  #text(text: string): void {
    this.#status.clear();
    if (this.#attemptText === '') this.#attemptColumn = this.#column;
    this.#attemptText += text;
    this.#write(text);
  }

  #retry(part: Part<'retry'>): void {
    const reason = reasonOf(part.error, part.provider);
    const until = performance.now() + part.delayMs;
    if (!this.#sink.isTTY) {
      this.#line(`↻ ${reason}, retrying in ${formatDuration(part.delayMs)} (attempt ${part.attempt + 1})`);
      return;
    }
    this.#newline();
    this.#status.show(() => {
      const left = Math.max(0, until - performance.now());
      return left > 0 ? `${reason}, retrying in ${Math.ceil(left / 1000)} s` : `${reason}, retrying now…`;
    });
  }

  #failover(part: Part<'failover'>): void {
    const line = `⇄ ${part.to.model} took over from ${part.from.model} (${reasonOf(part.error, part.from.provider)})`;
    // With partial text on screen, the reset that follows erases it first; the line is printed after that.
    if (this.#attemptText !== '') this.#pendingFailover = line;
    else this.#line(dim(this.#sink, line));
  }

  #reset(part: Part<'reset'>): void {
    this.#status.clear();
    const chars = part.discardedText.length;
    if (this.#sink.isTTY && this.#attemptText !== '') {
      const { rows } = advance(this.#attemptColumn, this.#attemptText, this.#sink.columns());
      const up = rows > 0 ? `\x1b[${rows}A` : '';
      this.#sink.write(`\r${up}\x1b[${this.#attemptColumn + 1}G\x1b[J`);
      this.#column = this.#attemptColumn;
    }
    const marker = this.#sink.isTTY
      ? `↺ discarded ${chars} characters of a failed attempt`
      : `[reset: the ${chars} characters above came from a failed attempt and are discarded; the answer restarts]`;
    if (this.#pendingFailover !== undefined) this.#line(dim(this.#sink, this.#pendingFailover));
    this.#pendingFailover = undefined;
    this.#line(dim(this.#sink, marker));
    this.#attemptText = '';
  }

  #finish(outcome: TurnOutcome): void {
    this.#status.clear();
    this.#newline();
    if (outcome.end === 'aborted') this.#line(red(this.#sink, '✗ cancelled'));
    else if (!outcome.success) this.#line(red(this.#sink, `✗ ${outcome.content}`));
    const { inputTokens, outputTokens } = outcome.usage;
    const attempts =
      outcome.attempts > outcome.timings.llmCalls.length ? ` · ${outcome.attempts} attempts` : '';
    const summary = [
      `${outcome.end} in ${formatDuration(outcome.latencyMs)}`,
      `${inputTokens} in / ${outputTokens} out tokens`,
      `$${outcome.costUsd.toFixed(4)}`,
      `sender ${this.#senderId}`,
      ...(outcome.model === undefined ? [] : [outcome.model]),
    ].join(' · ');
    this.#line(dim(this.#sink, `— ${summary}${attempts}`));
  }

  #wait(label: string): void {
    if (this.#column === 0) this.#status.show(() => label);
  }

  #line(text: string): void {
    this.#status.clear();
    this.#newline();
    this.#write(`${text}\n`);
  }

  #newline(): void {
    if (this.#column !== 0) this.#write('\n');
  }

  #write(text: string): void {
    this.#sink.write(text);
    this.#column = advance(
      this.#column,
      text,
      this.#sink.isTTY ? this.#sink.columns() : Number.MAX_SAFE_INTEGER,
    ).column;
  }
}
