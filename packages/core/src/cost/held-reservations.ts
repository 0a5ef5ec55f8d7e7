/** Money held for a call in flight. Hand it back to the tracker that made it. */
export interface Reservation {
  /** Unique across every process sharing the store (the tracker's random UUID and a counter). */
  readonly id: string;
  readonly requestId: string;
  readonly senderId: string;
  /** What was reserved, USD. */
  readonly amountUsd: number;
  /** The conversation, when the request named one. */
  readonly sessionKey?: string;
}

/** This process's open reservations and the amounts they still hold, per sender and in all. */
export class HeldReservations {
  readonly #held = new Map<string, number>();
  readonly #bySender = new Map<string, number>();
  #global = 0;

  open(reservation: Reservation): Reservation {
    this.#held.set(reservation.id, reservation.amountUsd);
    this.#adjust(reservation.senderId, reservation.amountUsd);
    return reservation;
  }

  /**
   * Takes up to `usd` out of what `reservation` holds (spend booked against it); returns the USD beyond what it
   * held (all of `usd` once the reservation is closed).
   */
  consume(reservation: Reservation, usd: number): number {
    const held = this.#held.get(reservation.id);
    if (held === undefined) return usd;
    const taken = Math.min(held, usd);
    this.#held.set(reservation.id, held - taken);
    this.#adjust(reservation.senderId, -taken);
    return usd - taken;
  }

  /** Drops the reservation; false if it was already closed. */
  close(reservation: Reservation): boolean {
    const held = this.#held.get(reservation.id);
    if (held === undefined) return false;
    this.#held.delete(reservation.id);
    this.#adjust(reservation.senderId, -held);
    return true;
  }

  bySender(senderId: string): number {
    return this.#bySender.get(senderId) ?? 0;
  }

  global(): number {
    return this.#global;
  }

  #adjust(senderId: string, usd: number): void {
    const next = (this.#bySender.get(senderId) ?? 0) + usd;
    // Drop senders with nothing held, so the map only grows with calls in flight.
    if (next <= 1e-12) this.#bySender.delete(senderId);
    else this.#bySender.set(senderId, next);
    this.#global = this.#held.size === 0 ? 0 : this.#global + usd;
  }
}
