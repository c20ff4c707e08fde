/**
 * Local SSM endpoint for tests, the benchmark and the demo. See README.md.
 *
 *   const emu = await start();            // default fleet, ephemeral port on 127.0.0.1
 *   new SSMClient({ endpoint: emu.url, region: DEMO.region, credentials: KEYS.demo });
 *   await emu.stop();
 */
import { type Emulator, type StartOptions, startServer } from './server.js';

export type { Emulator, RequestLogEntry, StartOptions } from './server.js';
export type { Account, AccessKey, Fault, Fleet, InstanceAssociationStatusInfo, ManagedNode, PingStatus } from './fleet.js';
export { loadFleet, validateFleet, withRecentDates } from './fleet.js';
export { ACCOUNTS, DEMO, HOSTILE, KEYS, defaultFleet, fleetWith, makeAssociations, outputUrl, uuidFrom } from './defaultFleet.js';
export { writeProfiles } from './profiles.js';
export type { RunBehaviour } from './server.js';
export type { Outcome, OutputObject, RunTimings } from './runs.js';
export { opScope } from './server.js';
export type { AssociationDefinition, ApiErrorFault, BucketSpec, OutputSpec } from './fleet.js';
export { DEMO_FLEET, demoAssociationId, demoFleet, demoNodeId } from './demoFleet.js';
export { type S3LogEntry, type S3Mock, startS3 } from './s3.js';
export { type Stack, type StackOptions, startStack } from './stack.js';
export { STDERR_LIMIT, STDOUT_LIMIT } from './runOps.js';

/** Starts an emulator (default fleet, ephemeral port on 127.0.0.1, quiet). */
export function start(opts: StartOptions = {}): Promise<Emulator> {
  return startServer({ quiet: true, ...opts });
}
export { STEP_SHOWCASE, withStepShowcase } from './stepsShowcase.js';
export { STATE_SHOWCASE, withStateShowcase } from './stateShowcase.js';
