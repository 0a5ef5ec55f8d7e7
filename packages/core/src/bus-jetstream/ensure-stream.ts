import { ConfigError } from '@clawft/types';
import type { JetStreamManager, StreamConfig } from '@nats-io/jetstream';
import type { KV, Kvm, KvOptions } from '@nats-io/kv';
import {
  hasApiCode,
  STREAM_NAME_IN_USE_CODE,
  STREAM_NOT_FOUND_CODE,
  SUBJECTS_OVERLAP_CODE,
} from './nats-error.js';

/** A stream as clawft creates it: a name, its subjects, and the rest of the config. */
export type StreamSetup = Partial<StreamConfig> & { name: string; subjects: string[] };

export interface EnsureStreamOptions {
  /** Bring an existing stream's config to this one (`streams.update`); otherwise an existing stream is used as is. */
  update: boolean;
  /** The config key the subjects come from, named when another stream already holds them (`bus.nats.subjectPrefix`). */
  subjectsKey: string;
}

/**
 * Creates the stream, or finds it already there: made before (the server answers "name in use" for another config),
 * or made by another process at the same moment. Gateways and workers start together and each sets up the same
 * streams; nats-server releases such as 2.9 (Debian's) check a new stream's name and then its subjects without one
 * lock held, so of two identical creates at once the second can be told "subjects overlap" by the first's stream.
 * That answer is taken as ours when a stream of this name exists afterwards; otherwise another stream holds the
 * subjects, and the error names the config key to change (decision 0275).
 *
 * @throws {ConfigError} `config-invalid` when a stream of another name holds the subjects.
 */
export async function ensureStream(
  jsm: JetStreamManager,
  stream: StreamSetup,
  options: EnsureStreamOptions,
): Promise<void> {
  try {
    await jsm.streams.add(stream);
    return;
  } catch (error) {
    const nameInUse = hasApiCode(error, STREAM_NAME_IN_USE_CODE);
    if (!nameInUse && !hasApiCode(error, SUBJECTS_OVERLAP_CODE)) throw error;
    if (!nameInUse && !(await streamExists(jsm, stream.name))) throw overlapError(stream, options, error);
  }
  if (options.update) await jsm.streams.update(stream.name, stream);
}

async function streamExists(jsm: JetStreamManager, name: string): Promise<boolean> {
  try {
    await jsm.streams.info(name);
    return true;
  } catch (error) {
    if (hasApiCode(error, STREAM_NOT_FOUND_CODE)) return false;
    throw error;
  }
}

function overlapError(stream: StreamSetup, options: EnsureStreamOptions, cause: unknown): ConfigError {
  const subjects = stream.subjects.join(', ');
  return new ConfigError({
    kind: 'config-invalid',
    message: `JetStream stream ${stream.name}: another stream on the server already holds subjects ${subjects}. Set ${options.subjectsKey} to a prefix no other stream uses, or remove that stream.`,
    issues: [
      {
        path: options.subjectsKey,
        received: subjects,
        expected: 'subjects no other stream on the server holds',
        message: `another stream already holds ${subjects}`,
      },
    ],
    cause,
  });
}

/**
 * Opens the KV bucket, creating it when missing. Of two workers starting together, one can be told "subjects
 * overlap" while the other's identical bucket is being made (see `ensureStream`); the second try finds that bucket
 * and opens it.
 */
export async function ensureBucket(kvm: Kvm, bucket: string, options: Partial<KvOptions>): Promise<KV> {
  try {
    return await kvm.create(bucket, options);
  } catch (error) {
    if (!hasApiCode(error, SUBJECTS_OVERLAP_CODE)) throw error;
    return await kvm.create(bucket, options);
  }
}
