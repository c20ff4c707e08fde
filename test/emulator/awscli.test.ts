/**
 * A second, independent client keeps the emulator honest: the AWS CLI (botocore) must sign,
 * page and parse errors against it exactly as against the real service.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Emulator, DEMO, KEYS, start, writeProfiles } from './index.js';
import { cleanEnv, onPath } from './helpers.js';

/** The same checks through botocore in one Python process (one CLI start costs about a second). */
const BOTOCORE_SCRIPT = String.raw`
import json, sys, botocore.session
from botocore.exceptions import ClientError, NoRegionError
url, three, many, second_node = sys.argv[1:5]
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
out['unknownOp'] = call('ssm-demo', 'list_documents')
s = botocore.session.Session(profile='ssm-demo')
pages = s.create_client('ssm', endpoint_url=url).get_paginator('describe_instance_associations_status').paginate(InstanceId=many)
out['paged'] = [len(p['InstanceAssociationStatusInfos']) for p in pages]
out['viaProfileOnly'] = call('ssm-demo', 'describe_instance_information', endpoint=False)
out['noRegion'] = call('ssm-noregion', 'describe_instance_information', endpoint=False)
out['nodesPaged'] = sum(len(p['InstanceInformationList']) for p in s.create_client('ssm').get_paginator('describe_instance_information').paginate(PaginationConfig={'PageSize': 5}))
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
    try {
      const pyEnv = cleanEnv(writeProfiles(withUrl, emu.url).env);
      const run = await new Promise<Run>((resolve) =>
        execFile('python3', ['-c', BOTOCORE_SCRIPT, emu.url, DEMO.nodes.three, DEMO.nodes.many, DEMO.nodes.secondAccount], { env: pyEnv, timeout: 30_000 }, (err, stdout, stderr) =>
          resolve({ code: err ? 1 : 0, stdout, stderr }),
        ),
      );
      if (/No module named 'botocore'/.test(run.stderr)) return; // the CLI test above still ran
      assert.equal(run.code, 0, run.stderr);
      const r = JSON.parse(run.stdout) as Record<string, { ok?: Record<string, unknown[]>; error?: string; message?: string; status?: number }> & { paged: number[]; nodesPaged: number };
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
    } finally {
      rmSync(withUrl, { recursive: true, force: true });
    }
  });
});
