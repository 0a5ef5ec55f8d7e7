import { describe, expect, it } from 'vitest';
import { type Admission, type Refusal, TurnAdmission } from './turn-admission.js';

const options = {
  maxStreamsPerSender: 2,
  maxStreams: 3,
  queueCapacity: 1,
  runningCapacity: 1,
  overflowPolicy: 'block' as const,
  queueWaitMs: 10_000,
  maxWaiting: 1,
};
const admitted = (value: Admission | Refusal): Admission => {
  if ('reason' in value) throw new Error(`refused: ${value.reason}`);
  return value;
};

describe('TurnAdmission', () => {
  it('caps per sender and in total, and under block lets one waiter in when a turn ends', async () => {
    const admission = new TurnAdmission(options);
    const a1 = admitted(await admission.admit('a'));
    admitted(await admission.admit('b'));
    const waiting = admission.admit('c');
    await Promise.resolve();
    expect(admission.waiting).toBe(1);
    expect(await admission.admit('d')).toMatchObject({ reason: 'bus-full', status: 503 }); // waiting room is 1
    a1.release();
    a1.release();
    const c = admitted(await waiting);
    expect(admission.open).toBe(2);
    c.release();
  });

  it('refuses at once under reject, and everything once closed', async () => {
    const admission = new TurnAdmission({ ...options, overflowPolicy: 'reject', maxStreamsPerSender: 1 });
    admitted(await admission.admit('a'));
    expect(await admission.admit('a')).toMatchObject({ reason: 'sender-streams', status: 429 });
    admitted(await admission.admit('b'));
    expect(await admission.admit('c')).toMatchObject({
      reason: 'bus-full',
      status: 429,
      retryAfterSeconds: 1,
    });
    admission.close();
    expect(await admission.admit('d')).toMatchObject({ reason: 'shutting-down', status: 503 });
  });
});
