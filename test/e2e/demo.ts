/**
 * npm run demo
 *
 * The extension as a user gets it, against the local SSM endpoint with the demo fleet, in a
 * code-server you open in your own browser. Starts:
 *   - the SSM emulator on 127.0.0.1:8555 (or any free port), logging each request;
 *   - AWS config/credentials files for it in a temp folder (profile ssm-demo and others);
 *   - code-server on 127.0.0.1:8080 (or the next free port up to 8099) with the packaged .vsix
 *     installed and the demo fleet's nodes configured (one of them labelled, one invalid entry).
 * Prints the URL to open, and stops everything on Ctrl-C.
 *
 * Environment: SSM_DEMO_PORT (code-server port), SSM_DEMO_EMULATOR_PORT, SSM_E2E_VSIX (use a
 * .vsix built elsewhere instead of `npm run package`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO_FLEET, demoFleet, startStack, withRecentDates, withStateShowcase, withStepShowcase, type RequestLogEntry } from '../emulator/index';
import { DEMO } from '../emulator/defaultFleet';
import { writeProfiles } from '../emulator/profiles';
import { buildAndPackage, portIsFree, startEditor, tmpRoot } from './editor';
import { describeFailure, ensureTools } from './tools';

async function firstFreePort(from: number, to: number): Promise<number | undefined> {
  for (let p = from; p <= to; p++) if (await portIsFree(p)) return p;
  return undefined;
}

function requestLine(e: RequestLogEntry): string {
  const t = new Date(e.time).toISOString().slice(11, 23);
  const what = e.errorType ? `${e.status || '---'} ${e.errorType}` : `${e.status} ${e.returned ?? 0} row(s)${e.nextTokenOut ? ' +NextToken' : ''}`;
  return `[ssm] ${t} ${e.operation} ${e.instanceId ?? '-'} ${what} key=${e.accessKeyId ?? '-'}${e.nextToken ? ' (with token)' : ''}`;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  await ensureTools();
  const vsix = buildAndPackage();

  const wantedEmu = Number(process.env.SSM_DEMO_EMULATOR_PORT ?? 8555);
  const emuPort = (await portIsFree(wantedEmu)) ? wantedEmu : 0;
  // The demo fleet (a few hundred nodes in two accounts and regions, and an S3 mock holding the
  // runs' output), dates moved to just now, so the rows read "5 minutes ago"; with the step showcase (deploy-web on
  // web-003, windows-script on a Windows node: steps named with colons and spaces, empty streams, a 1.2 document) and the
  // state showcase (30 associations in every state, for the Associations view).
  const stack = await startStack({
    fleet: withStateShowcase(withStepShowcase(withRecentDates(demoFleet()))),
    port: emuPort,
    onRequest: (e) => console.log(requestLine(e)),
    onS3Request: (e) => console.log(`[s3] ${e.operation} ${e.bucket ?? '-'}/${e.key ?? e.prefix ?? ''} ${e.status}${e.errorType ? ` ${e.errorType}` : ''}`),
  });
  const emu = stack.ssm;
  const awsDir = fs.mkdtempSync(path.join(tmpRoot(), 'demo-aws-'));
  const profiles = writeProfiles(awsDir, emu.url, stack.s3.url, { usProfiles: true });

  const wanted = Number(process.env.SSM_DEMO_PORT ?? 8080);
  const port = await firstFreePort(wanted, wanted + 19);
  if (port === undefined) throw new Error(`no free port in ${wanted}-${wanted + 19}`);

  const n = DEMO.nodes;
  const editor = await startEditor({
    scenario: 'demo',
    vsix,
    port,
    noBrowser: true,
    env: profiles.env,
    userSettings: {
      'ssmAssociations.profile': 'ssm-demo',
      'ssmAssociations.pageSize': 20,
      'ssmAssociations.nodes': [
        n.three,
        { id: n.many, label: 'batch-137 (137 associations)' },
        n.hybrid,
        n.empty,
        n.noAccess,
        n.hostile,
        { id: n.secondAccount, profile: 'ssm-second', label: 'second account' },
        DEMO_FLEET.nodes.failedHardening,
        DEMO_FLEET.nodes.bigOutput,
        { id: DEMO_FLEET.nodes.secondUs, profile: 'ssm-second-us' },
        'i-123',
      ],
    },
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping code-server and the SSM emulator…`);
    await editor.stop();
    await stack.stop();
    console.log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const url = `${editor.url}/?folder=${encodeURIComponent(editor.workspace)}`;
  console.log(`
SSM Association Explorer demo (ready in ${Math.round((Date.now() - t0) / 1000)} s)
  SSM emulator:  ${emu.url}   (control API: ${emu.url}/__control/log, /__control/faults, /__control/runs)
  S3 mock:       ${stack.s3.url}   (${stack.filled.objects} output objects; control API: /__control/log, /__control/faults)
  AWS files:     ${profiles.configFile}
                 ${profiles.credentialsFile}
  code-server:   ${editor.url}   (logs: test-results/demo/code-server.log)

Open this in your browser:

  ${url}

Then click the "SSM Associations" icon in the activity bar. Profiles: ssm-demo (default here),
ssm-second, ssm-demo-us, ssm-second-us, ssm-session, ssm-expired, ssm-unknown-key, ssm-noregion.
Try a fault: curl -s -X POST ${emu.url}/__control/faults -d '{"node":"${n.three}","fault":{"throttle":"always"}}'
Press Ctrl-C to stop.
`);
}

main().catch((e) => {
  console.error(describeFailure(e));
  process.exit(1);
});
