// `@clawft/core/testing`: helpers for tests of code built on core (the app's multi-process tests). Not loaded by
// the main entry.

export type { TestNatsServer } from './nats-server.js';
export { freePort, natsServerBinary, startNatsServer } from './nats-server.js';
