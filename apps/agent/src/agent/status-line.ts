/** Spinner frames, one per tick. */
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** Redraw period of the spinner and countdowns, ms. */
const TICK_MS = 100;

/**
 * A transient line at the bottom of a terminal: a spinner with a label (which may change every tick, for a
 * countdown), redrawn in place and erased before anything else is written. Does nothing when disabled (no TTY).
 * Owns its timer: `clear()` stops it, so nothing is left running.
 */
export class StatusLine {
  readonly #write: (text: string) => void;
  readonly #enabled: boolean;
  #timer: NodeJS.Timeout | undefined;
  #label: (() => string) | undefined;
  #frame = 0;
  #visible = false;

  constructor(write: (text: string) => void, enabled: boolean) {
    this.#write = write;
    this.#enabled = enabled;
  }

  /** Shows `label()` (re-evaluated each tick) until `clear()`; replaces what was shown. */
  show(label: () => string): void {
    if (!this.#enabled) return;
    this.#label = label;
    this.#draw();
    this.#timer ??= setInterval(() => this.#draw(), TICK_MS);
  }

  /** Erases the line (if shown) and stops the timer. */
  clear(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#label = undefined;
    if (this.#visible) this.#write('\r\x1b[K');
    this.#visible = false;
  }

  #draw(): void {
    if (this.#label === undefined) return;
    this.#frame = (this.#frame + 1) % FRAMES.length;
    this.#write(`\r\x1b[K${FRAMES[this.#frame]} ${this.#label()}`);
    this.#visible = true;
  }
}
