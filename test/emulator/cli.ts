/**
 * npm run emulator [-- --port N --s3-port N --fleet fleet.json --latency MS --dir DIR --no-s3 --quiet]
 *
 * Starts the SSM emulator and the S3 mock (holding the runs' output) on 127.0.0.1, writes an AWS
 * config/credentials pair for them, prints the lines to copy into a shell, logs one line per
 * request and stops cleanly on Ctrl-C / SIGTERM.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadFleet, withRecentDates } from './fleet.js';
import { DEMO } from './defaultFleet.js';
import { DEMO_FLEET, demoFleet } from './demoFleet.js';
import { withStepShowcase } from './stepsShowcase.js';
import { withStateShowcase } from './stateShowcase.js';
import type { S3LogEntry } from './s3.js';
import { startStack } from './stack.js';
import { writeProfiles } from './profiles.js';
import { type RequestLogEntry, startServer } from './server.js';

export const DEFAULT_CLI_PORT = 4599;

const USAGE = `usage: npm run emulator [-- options]
  --port N        port on 127.0.0.1 (default ${DEFAULT_CLI_PORT}; 0 = any free port)
  --s3-port N     port of the S3 mock (default 0 = any free port)
  --no-s3         no S3 mock
  --fleet FILE    fleet JSON file (default: the built-in demo fleet, ~360 nodes, 2 accounts, 2 regions)
  --latency MS    add MS milliseconds to every request (or MIN-MAX for a random delay)
  --dir DIR       where to write the AWS config/credentials pair (default: <tmp>/ssm-emulator)
  --quiet         do not log each request
  --help`;

function s3Line(e: S3LogEntry): string {
  const t = new Date(e.time).toISOString().slice(11, 23);
  return `${t} [s3] ${e.operation} ${e.bucket ?? '-'}/${e.key ?? (e.prefix !== undefined ? `?prefix=${e.prefix}` : '')} ${e.status}${e.errorType ? ` ${e.errorType}` : ''} key=${e.accessKeyId ?? '-'}${e.region ? `@${e.region}` : ''}`;
}

function line(e: RequestLogEntry): string {
  const t = new Date(e.time).toISOString().slice(11, 23);
  const what = e.errorType ? `${e.status || '---'} ${e.errorType}` : `${e.status} ok${e.returned !== undefined ? ` ${e.returned} item(s)` : ''}${e.nextTokenOut ? ' +NextToken' : ''}`;
  return `${t} ${e.operation || '(none)'} ${e.instanceId ?? '-'} ${what} key=${e.accessKeyId ?? '-'}${e.region ? `@${e.region}` : ''}${e.maxResults !== undefined ? ` max=${e.maxResults}` : ''}${e.nextToken ? ' token' : ''}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      's3-port': { type: 'string' },
      'no-s3': { type: 'boolean', default: false },
      fleet: { type: 'string' },
      latency: { type: 'string' },
      dir: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = values.port === undefined ? DEFAULT_CLI_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad --port ${values.port}`);
  // The demo fleet's dates are moved to just now, so the view reads "5 minutes ago", not a year ago.
  // The demo fleet, plus steps named with colons and spaces, empty streams and a 1.2 Windows document (stepsShowcase.ts), and
  // 30 associations in every state for the Associations view (stateShowcase.ts).
  const fleet = values.fleet ? loadFleet(values.fleet) : withStateShowcase(withStepShowcase(withRecentDates(demoFleet())));
  const s3Port = values['s3-port'] === undefined ? 0 : Number(values['s3-port']);
  if (!Number.isInteger(s3Port) || s3Port < 0 || s3Port > 65535) throw new Error(`bad --s3-port ${values['s3-port']}`);
  const onRequest = values.quiet ? undefined : (e: RequestLogEntry) => console.log(line(e));
  const stack = values['no-s3'] ? undefined : await startStack({ fleet, port, quiet: false, onRequest, s3Port, onS3Request: values.quiet ? undefined : (e) => console.log(s3Line(e)) });
  const emu = stack?.ssm ?? (await startServer({ fleet, port, quiet: false, onRequest }));
  if (values.latency) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(values.latency);
    if (!m) throw new Error(`bad --latency ${values.latency} (MS or MIN-MAX)`);
    emu.setFault({ latencyMs: m[2] ? { min: +m[1], max: +m[2] } : +m[1] });
  }
  const dir = values.dir ?? join(tmpdir(), 'ssm-emulator');
  const { env } = writeProfiles(dir, emu.url, stack?.s3.url, { usProfiles: true });
  console.log(`SSM emulator listening on ${emu.url}${values.fleet ? ` (fleet ${values.fleet})` : ' (demo fleet)'}`);
  if (stack) console.log(`S3 mock listening on ${stack.s3.url} (${stack.filled.objects} output objects stored in ${stack.filled.ms} ms)`);
  console.log(`control API: ${emu.url}/__control/log, /__control/faults, /__control/runs  (see test/emulator/README.md)`);
  console.log('\n# AWS CLI / SDK / VS Code: paste into a shell, then start the tool from it');
  for (const [k, v] of Object.entries(env)) console.log(`export ${k}=${v}`);
  console.log('unset AWS_PROFILE AWS_REGION AWS_DEFAULT_REGION AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN');
  console.log(`# try: aws ssm describe-instance-associations-status --profile ssm-demo --instance-id ${DEMO.nodes.three}`);
  console.log(`# try: aws ssm describe-instance-information --profile ssm-second-us --max-results 50`);
  if (stack) console.log(`# try: aws s3 ls --profile ssm-demo s3://${DEMO.bucket}/backup/${DEMO_FLEET.nodes.bigOutput}/ --recursive`);
  console.log('# profiles: ssm-demo ssm-second ssm-demo-us ssm-second-us ssm-session ssm-expired ssm-unknown-key ssm-noregion\n');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    (stack ?? emu).stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(`ssm-emulator: ${(e as Error).message}`);
  process.exit(1);
});
