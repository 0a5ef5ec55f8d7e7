import type { McpError } from '@clawft/types';
import { type JsonRpcId, responseIdToNumber } from '../jsonrpc/messages.js';
import type { PendingRequest } from './pending-request.js';

/**
 * The in-flight requests of one session by id. Ids come from a counter and are never reused, which is what
 * lets a response to an id below the counter be told apart (late) from one to an id never sent (unknown).
 */
export class PendingTable {
  readonly #requests = new Map<number, PendingRequest>();
  #nextId = 1;
  lateResponses = 0;
  unknownResponses = 0;

  /** Takes the next id. */
  nextId(): number {
    return this.#nextId++;
  }

  get size(): number {
    return this.#requests.size;
  }

  add(request: PendingRequest): void {
    this.#requests.set(request.id, request);
  }

  get(id: number): PendingRequest | undefined {
    return this.#requests.get(id);
  }

  /** Removes `request` if it is still the entry for its id; false when it already ended. */
  remove(request: PendingRequest): boolean {
    if (this.#requests.get(request.id) !== request) return false;
    this.#requests.delete(request.id);
    return true;
  }

  /**
   * Removes and returns the request a response id names (a numeric string counts). Counts a miss as late
   * (the id was sent, its request already ended) or unknown (returns `'unknown'` so the caller can log it).
   */
  takeForResponse(id: JsonRpcId | null): PendingRequest | 'late' | 'unknown' {
    const numeric = responseIdToNumber(id);
    const request = numeric === undefined ? undefined : this.#requests.get(numeric);
    if (request !== undefined) {
      this.#requests.delete(request.id);
      return request;
    }
    if (numeric !== undefined && numeric > 0 && numeric < this.#nextId) {
      this.lateResponses += 1;
      return 'late';
    }
    this.unknownResponses += 1;
    return 'unknown';
  }

  /** Removes every request and abandons each with `error` (rejected, its I/O aborted). */
  rejectAll(error: McpError): void {
    const requests = [...this.#requests.values()];
    this.#requests.clear();
    for (const request of requests) request.abandon(error);
  }
}
