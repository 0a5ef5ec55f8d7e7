import { BusError } from '@clawft/types';

/** The `kind` of the `BusError` a promise rejects with, or `resolved` / `not-a-bus-error`: one-line assertions. */
export async function busErrorKind(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return BusError.is(error) ? error.kind : 'not-a-bus-error';
  }
}
