/**
 * A second, independent client keeps the emulator honest: the AWS CLI (botocore) must sign,
 * page and parse errors against it exactly as against the real service.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Emulator, DEMO, KEYS, type Stack, defaultFleet, start, startStack, writeProfiles } from './index.js';
import { cleanEnv } from './helpers.js';

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((d) => {
    try {
      accessSync(join(d, cmd), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The same checks through botocore in one Python process (one CLI start costs about a second). */
const BOTOCORE_SCRIPT = String.raw`
import json, sys, botocore.session
from botocore.exceptions import ClientError, NoRegionError
url, three, many, second_node, failed_assoc, bucket = sys.argv[1:7]
out = {}
def call(profile, op, endpoint=True, **kw):
    s = botocore.session.Session(profile=profile)
    try:
        c = s.create_client('ssm', endpoint_url=url) if endpoint else s.create_client('ssm')
        r = getattr(c, op)(**kw)
        r.pop('ResponseMetadata', None)
        return {'ok': r}
    except ClientError as e:
        return {'error': e.response['Error']['Code'], 'message': e.response['Error'].get('Message', ''), 'status': e.response['ResponseMetadata']['HTTPStatusCode']}
    except NoRegionError as e:
        return {'error': 'NoRegionError', 'message': str(e)}
out['expired'] = call('ssm-expired', 'describe_instance_associations_status', InstanceId=three)
out['unknown'] = call('ssm-unknown-key', 'describe_instance_associations_status', InstanceId=three)
out['badMax'] = call('ssm-demo', 'describe_instance_associations_status', InstanceId=three, MaxResults=51)
out['badToken'] = call('ssm-demo', 'describe_instance_associations_status', InstanceId=three, NextToken='forged')
out['otherAccount'] = call('ssm-demo', 'describe_instance_associations_status', InstanceId=second_node)
out['session'] = call('ssm-session', 'describe_instance_associations_status', InstanceId=three)
out['unknownOp'] = call('ssm-demo', 'list_associations')
s = botocore.session.Session(profile='ssm-demo')
pages = s.create_client('ssm', endpoint_url=url).get_paginator('describe_instance_associations_status').paginate(InstanceId=many)
out['paged'] = [len(p['InstanceAssociationStatusInfos']) for p in pages]
out['viaProfileOnly'] = call('ssm-demo', 'describe_instance_information', endpoint=False)
out['noRegion'] = call('ssm-noregion', 'describe_instance_information', endpoint=False)
out['nodesPaged'] = sum(len(p['InstanceInformationList']) for p in s.create_client('ssm').get_paginator('describe_instance_information').paginate(PaginationConfig={'PageSize': 5}))
out['association'] = call('ssm-demo', 'describe_association', AssociationId=failed_assoc)
ex = call('ssm-demo', 'describe_association_executions', AssociationId=failed_assoc, MaxResults=2)
out['executions'] = ex
exec_id = ex['ok']['AssociationExecutions'][0]['ExecutionId']
tg = call('ssm-demo', 'describe_association_execution_targets', AssociationId=failed_assoc, ExecutionId=exec_id, Filters=[{'Key': 'ResourceId', 'Value': three}])
out['targets'] = tg
cmd = tg['ok']['AssociationExecutionTargets'][0]['OutputSource']['OutputSourceId']
out['invocations'] = call('ssm-demo', 'list_command_invocations', CommandId=cmd, InstanceId=three, Details=True)
out['invocation'] = call('ssm-demo', 'get_command_invocation', CommandId=cmd, InstanceId=three)
out['noAssoc'] = call('ssm-demo', 'start_associations_once', AssociationIds=['00000000-0000-4000-8000-000000000000'])
s3 = s.create_client('s3')  # endpoint from the profile's services section
listed = s3.list_objects_v2(Bucket=bucket, Prefix='hardening/' + three + '/')
keys = [o['Key'] for o in listed.get('Contents', [])]
out['s3keys'] = keys
out['s3body'] = s3.get_object(Bucket=bucket, Key=[k for k in keys if k.endswith('/stderr')][0])['Body'].read().decode()
try:
    botocore.session.Session(profile='ssm-second').create_client('s3').list_objects_v2(Bucket=bucket)
    out['s3other'] = 'allowed'
except ClientError as e:
    out['s3other'] = e.response['Error']['Code']
print(json.dumps(out, default=str))
`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('AWS CLI against the emulator', { skip: onPath('aws') ? false : 'aws CLI not on PATH' }, () => {
  let emu: Emulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  const aws = (args: string[], withEndpoint = true): Promise<Run> =>
    new Promise((resolve) => {
      const full = ['ssm', ...args, '--output', 'json', ...(withEndpoint ? ['--endpoint-url', emu.url] : [])];
      execFile('aws', full, { env, timeout: 30_000 }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      });
    });

  before(async () => {
    emu = await start();
    dir = mkdtempSync(join(tmpdir(), 'ssm-emu-cli-'));
    env = cleanEnv(writeProfiles(dir).env); // no endpoint in the profiles: --endpoint-url does it
  });
  after(async () => {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pages through 137 associations and gets InvalidInstanceId for the no-access node', async () => {
    // One CLI start costs about a second: run them side by side.
    const [all, noAccess] = await Promise.all([
      aws(['describe-instance-associations-status', '--instance-id', DEMO.nodes.many, '--profile', 'ssm-demo', '--page-size', '40']),
      aws(['describe-instance-associations-status', '--instance-id', DEMO.nodes.noAccess, '--profile', 'ssm-demo']),
    ]);
    assert.equal(all.code, 0, all.stderr);
    const rows = (JSON.parse(all.stdout) as { InstanceAssociationStatusInfos: { AssociationId: string }[] }).InstanceAssociationStatusInfos;
    assert.equal(rows.length, 137);
    assert.equal(new Set(rows.map((r) => r.AssociationId)).size, 137);
    const pages = emu.log.filter((e) => e.instanceId === DEMO.nodes.many);
    assert.deepEqual(pages.map((e) => e.returned), [40, 40, 40, 17]);
    assert.ok(pages.every((e) => e.accessKeyId === KEYS.demo.accessKeyId && e.maxResults === 40));

    assert.notEqual(noAccess.code, 0);
    assert.match(noAccess.stderr, /InvalidInstanceId/);
    assert.ok(!emu.log.some((e) => e.errorType === 'InvalidSignatureException'), 'botocore signatures verify');
  });

  it('botocore gets the same errors, pages, and finds the endpoint from the profiles alone', { skip: onPath('python3') ? false : 'no python3' }, async () => {
    const withUrl = mkdtempSync(join(tmpdir(), 'ssm-emu-cli-url-'));
    // Its own endpoint with the S3 mock, so botocore also signs S3 requests against the gate.
    const stack: Stack = await startStack({ fleet: defaultFleet() });
    try {
      const threeRows = stack.ssm.fleet.accounts[0].regions[DEMO.region].find((n) => n.InstanceId === DEMO.nodes.three)!.associations!;
      const failedAssoc = threeRows.find((r) => r.Status === 'Failed')!.AssociationId!;
      const pyEnv = cleanEnv(writeProfiles(withUrl, stack.ssm.url, stack.s3.url).env);
      const run = await new Promise<Run>((resolve) =>
        execFile('python3', ['-c', BOTOCORE_SCRIPT, stack.ssm.url, DEMO.nodes.three, DEMO.nodes.many, DEMO.nodes.secondAccount, failedAssoc, DEMO.bucket], { env: pyEnv, timeout: 60_000 }, (err, stdout, stderr) =>
          resolve({ code: err ? 1 : 0, stdout, stderr }),
        ),
      );
      if (/No module named 'botocore'/.test(run.stderr)) return; // the CLI test above still ran
      assert.equal(run.code, 0, run.stderr);
      type Call = { ok?: Record<string, unknown> & Record<string, Record<string, unknown>[]>; error?: string; message?: string; status?: number };
      const r = JSON.parse(run.stdout) as Record<string, Call> & { paged: number[]; nodesPaged: number; s3keys: string[]; s3body: string; s3other: string };
      assert.deepEqual([r.expired.error, r.expired.status], ['ExpiredTokenException', 400]);
      assert.deepEqual([r.unknown.error, r.unknown.status], ['UnrecognizedClientException', 400]);
      assert.equal(r.badMax.error, 'ValidationException');
      assert.match(r.badMax.message!, /Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50/);
      assert.equal(r.badToken.error, 'InvalidNextToken');
      assert.equal(r.otherAccount.error, 'InvalidInstanceId');
      assert.equal(r.session.ok!.InstanceAssociationStatusInfos.length, 3);
      assert.equal(r.unknownOp.error, 'UnknownOperationException');
      assert.deepEqual(r.paged, [50, 50, 37]);
      assert.equal(r.viaProfileOnly.ok!.InstanceInformationList.length, 10, 'DescribeInstanceInformation sends 10 nodes by default');
      assert.equal(r.nodesPaged, 11);
      assert.equal(r.noRegion.error, 'NoRegionError');
      assert.equal((r.association.ok!.AssociationDescription as unknown as Record<string, unknown>).AssociationId, failedAssoc);
      assert.equal(r.executions.ok!.AssociationExecutions.length, 2);
      assert.equal(r.targets.ok!.AssociationExecutionTargets[0].Status, 'Failed');
      assert.deepEqual((r.invocations.ok!.CommandInvocations[0].CommandPlugins as { Name: string }[]).map((p) => p.Name), ['aws:runShellScript']);
      assert.equal(r.invocation.ok!.Status, 'Failed');
      assert.equal(r.noAssoc.error, 'AssociationDoesNotExist');
      assert.deepEqual(r.s3keys.map((k) => k.split('/').slice(-2).join('/')), ['awsrunShellScript/stderr', 'awsrunShellScript/stdout']);
      assert.equal(r.s3body, r.invocation.ok!.StandardErrorContent);
      assert.equal(r.s3other, 'AccessDenied');
      assert.ok(!stack.s3.log.some((e) => e.errorType === 'SignatureDoesNotMatch'), 'botocore S3 signatures verify');
    } finally {
      await stack.stop();
      rmSync(withUrl, { recursive: true, force: true });
    }
  });
});
