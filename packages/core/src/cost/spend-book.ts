/** Spend in USD per budget day and sender, with month and global sums kept alongside for O(1) budget checks. */
export class SpendBook {
  readonly #daily = new Map<string, Map<string, number>>();
  readonly #dailyGlobal = new Map<string, number>();
  readonly #monthly = new Map<string, Map<string, number>>();
  readonly #monthlyGlobal = new Map<string, number>();

  add(day: string, senderId: string, usd: number): void {
    const month = day.slice(0, 7);
    addTo(nested(this.#daily, day), senderId, usd);
    addTo(this.#dailyGlobal, day, usd);
    addTo(nested(this.#monthly, month), senderId, usd);
    addTo(this.#monthlyGlobal, month, usd);
  }

  senderDay(day: string, senderId: string): number {
    return this.#daily.get(day)?.get(senderId) ?? 0;
  }

  senderMonth(month: string, senderId: string): number {
    return this.#monthly.get(month)?.get(senderId) ?? 0;
  }

  globalDay(day: string): number {
    return this.#dailyGlobal.get(day) ?? 0;
  }

  globalMonth(month: string): number {
    return this.#monthlyGlobal.get(month) ?? 0;
  }

  /** Forgets days before `oldestDay` (`YYYY-MM-DD`); month sums are kept while any of their days is. */
  prune(oldestDay: string): void {
    for (const day of [...this.#daily.keys()]) {
      if (day >= oldestDay) continue;
      const month = day.slice(0, 7);
      for (const [senderId, usd] of this.#daily.get(day) ?? [])
        addTo(nested(this.#monthly, month), senderId, -usd);
      addTo(this.#monthlyGlobal, month, -(this.#dailyGlobal.get(day) ?? 0));
      this.#daily.delete(day);
      this.#dailyGlobal.delete(day);
    }
    for (const month of [...this.#monthly.keys()]) {
      if (month < oldestDay.slice(0, 7)) {
        this.#monthly.delete(month);
        this.#monthlyGlobal.delete(month);
      }
    }
  }

  /** day → sender → USD, for the cost file. */
  toRecord(): Record<string, Record<string, number>> {
    const record: Record<string, Record<string, number>> = {};
    for (const [day, senders] of this.#daily) record[day] = Object.fromEntries(senders);
    return record;
  }

  static fromRecord(record: Readonly<Record<string, Readonly<Record<string, number>>>>): SpendBook {
    const book = new SpendBook();
    for (const [day, senders] of Object.entries(record)) {
      for (const [senderId, usd] of Object.entries(senders)) book.add(day, senderId, usd);
    }
    return book;
  }
}

function nested(map: Map<string, Map<string, number>>, key: string): Map<string, number> {
  let inner = map.get(key);
  if (inner === undefined) {
    inner = new Map();
    map.set(key, inner);
  }
  return inner;
}

function addTo(map: Map<string, number>, key: string, usd: number): void {
  map.set(key, (map.get(key) ?? 0) + usd);
}
