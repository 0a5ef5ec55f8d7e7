/** A lane as a `LaneMap` keeps it: found again by its two-part key. */
export interface KeyedLane {
  readonly group: string;
  readonly key: string;
}

/** What a `LaneMap` needs from its owner. */
export interface LaneMapOptions<L extends KeyedLane> {
  create(group: string, key: string): L;
  /** Whether a lane holds nothing (no item in any of its queues): only such lanes are retired. */
  isIdle(lane: L): boolean;
  /** Lanes that hold items now (an estimate from above is fine: it only keeps more idle lanes). */
  live(): number;
  /**
   * Emptied lanes kept for reuse at the least (more while more lanes are live): a positive integer. Keys that come
   * back within this many others find their lane again instead of making a new one. @default 64
   */
  idleKept?: number | undefined;
}

/** Emptied lanes kept for reuse at the least, unless the owner says otherwise. */
export const IDLE_LANES_KEPT = 64;

/**
 * Lanes by a two-part key (`group` → `key`; one-part keys use one group), compared as a pair: no key string is built
 * per item, and `('a:b', 'c')` and `('a', 'b:c')` are two lanes. The last lane and the last group are remembered, so
 * a run of items of one key costs no `Map` lookup, and of one group one lookup each.
 *
 * An emptied lane stays for reuse (a consumer that keeps up empties and refills lanes all the time) until idle lanes
 * outnumber max(`idleKept`, live lanes); then every idle lane is deleted — amortised O(1) per emptied or created
 * lane, and memory stays proportional to the lanes with queued items, plus at most `idleKept` idle ones (decisions
 * 0141, 0272). The check runs when a lane goes idle (`released`) and before a lane is created, so a flood of refused
 * one-off keys cannot pile up idle lanes either.
 */
export class LaneMap<L extends KeyedLane> {
  readonly #groups = new Map<string, Map<string, L>>();
  readonly #options: LaneMapOptions<L>;
  readonly #idleKept: number;
  #lastGroup: string | undefined;
  #lastLanes: Map<string, L> | undefined;
  #lastLane: L | undefined;
  #size = 0;

  constructor(options: LaneMapOptions<L>) {
    this.#options = options;
    this.#idleKept = options.idleKept ?? IDLE_LANES_KEPT;
  }

  /** Lanes kept, live and idle. */
  get size(): number {
    return this.#size;
  }

  /** The lane of `(group, key)`, if one is kept. */
  find(group: string, key: string): L | undefined {
    return this.#lanesOf(group)?.get(key);
  }

  /** The lane of `(group, key)`, created when none is kept. */
  get(group: string, key: string): L {
    const last = this.#lastLane;
    // A run of items of one session (a burst from one chat) skips the lookup.
    if (last !== undefined && last.key === key && last.group === group) return last;
    const lane = this.#lanesOf(group)?.get(key) ?? this.#add(group, key);
    this.#lastLane = lane;
    return lane;
  }

  /** A lane went idle (or one is about to be created): retires idle lanes once they outnumber max(idleKept, live). */
  released(): void {
    const kept = this.#idleKept;
    // Fewer lanes than the idle ones kept: nothing to retire, and `live()` need not be asked.
    if (this.#size <= kept) return;
    const live = this.#options.live();
    const idle = this.#size - live;
    if (idle > kept && idle > live) this.#sweep();
  }

  #add(group: string, key: string): L {
    this.released();
    let lanes = this.#lanesOf(group);
    if (lanes === undefined) {
      lanes = new Map<string, L>();
      this.#groups.set(group, lanes);
      this.#remember(group, lanes);
    }
    const created = this.#options.create(group, key);
    lanes.set(key, created);
    this.#size += 1;
    return created;
  }

  #lanesOf(group: string): Map<string, L> | undefined {
    if (group === this.#lastGroup) return this.#lastLanes;
    const lanes = this.#groups.get(group);
    if (lanes !== undefined) this.#remember(group, lanes);
    return lanes;
  }

  #remember(group: string | undefined, lanes: Map<string, L> | undefined): void {
    this.#lastGroup = group;
    this.#lastLanes = lanes;
  }

  #sweep(): void {
    const { isIdle } = this.#options;
    for (const [group, lanes] of this.#groups) {
      for (const [key, lane] of lanes) {
        if (!isIdle(lane)) continue;
        lanes.delete(key);
        this.#size -= 1;
      }
      if (lanes.size === 0) this.#groups.delete(group);
    }
    this.#remember(undefined, undefined);
    // The remembered lane may have been retired: never hand it out again.
    this.#lastLane = undefined;
  }
}
