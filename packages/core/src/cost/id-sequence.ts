import { randomUUID } from 'node:crypto';

/**
 * Ids unique across every process sharing a store without a random draw per id: one random UUID per sequence (per
 * tracker), then a counter (`<uuid>-<base36 n>`). Reservations and ledger entries take one each per call.
 */
export class IdSequence {
  readonly #prefix = randomUUID();
  #next = 0;

  next(): string {
    const id = `${this.#prefix}-${this.#next.toString(36)}`;
    this.#next += 1;
    return id;
  }
}
