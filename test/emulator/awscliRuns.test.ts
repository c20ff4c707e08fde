/**
 * botocore (the AWS CLI's engine) against the association/run operations and the S3 mock: it must
 * sign (SSM and S3), parse and find both endpoints from the profiles alone, as against AWS.
 * A file of its own: one Python start with botocore's S3 model costs seconds on a busy machine.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEMO, defaultFleet, startStack, writeProfiles } from './index.js';
import { cleanEnv, onPath } from './helpers.js';

const SCRIPT = String.raw`
import json, sys, botocore.session
from botocore.exceptions import ClientError
three, failed_assoc, bucket = sys.argv[1:4]
out = {}
def call(profile, op, **kw):
    c = botocore.session.Session(profile=profile).create_client('ssm')
    try:
        r = getattr(c, op)(**kw)
        r.pop('ResponseMetadata', None)
        return {'ok': r}
    except ClientError as e:
        return {'error': e.response['Error']['Code'], 'status': e.response['ResponseMetadata']['HTTPStatusCode']}
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
s3 = botocore.session.Session(profile='ssm-demo').create_client('s3')  # endpoint from the profile's services section
keys = [o['Key'] for o in s3.list_objects_v2(Bucket=bucket, Prefix='hardening/' + three + '/').get('Contents', [])]
out['s3keys'] = keys
out['s3body'] = s3.get_object(Bucket=bucket, Key=[k for k in keys if k.endswith('/stderr')][0])['Body'].read().decode()
try:
    botocore.session.Session(profile='ssm-second').create_client('s3').list_objects_v2(Bucket=bucket)
    out['s3other'] = 'allowed'
except ClientError as e:
    out['s3other'] = e.response['Error']['Code']
print(json.dumps(out, default=str))
`;

describe('botocore against the association operations and the S3 mock', { skip: onPath('python3') ? false : 'no python3' }, () => {
  it('describes, pages and reads output like the service, and signs S3 requests the gate accepts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssm-emu-boto-'));
    const stack = await startStack({ fleet: defaultFleet(), fill: false });
    try {
      const threeRows = stack.ssm.fleet.accounts[0].regions[DEMO.region].find((n) => n.InstanceId === DEMO.nodes.three)!.associations!;
      const failedAssoc = threeRows.find((r) => r.Status === 'Failed')!.AssociationId!;
      await stack.s3.putObjects(stack.ssm.runs.latestOutputObjects().filter((o) => o.key.includes(`/${DEMO.nodes.three}/${failedAssoc}/`)));
      const env = cleanEnv(writeProfiles(dir, stack.ssm.url, stack.s3.url).env);
      const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile('python3', ['-c', SCRIPT, DEMO.nodes.three, failedAssoc, DEMO.bucket], { env, timeout: 50_000 }, (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr })),
      );
      if (/No module named 'botocore'/.test(run.stderr)) return;
      assert.equal(run.code, 0, run.stderr);
      type Call = { ok?: Record<string, unknown> & Record<string, Record<string, unknown>[]>; error?: string };
      const r = JSON.parse(run.stdout) as Record<string, Call> & { s3keys: string[]; s3body: string; s3other: string };
      assert.equal((r.association.ok!.AssociationDescription as unknown as Record<string, unknown>).AssociationId, failedAssoc);
      assert.equal(r.executions.ok!.AssociationExecutions.length, 2);
      assert.equal(r.targets.ok!.AssociationExecutionTargets[0].Status, 'Failed');
      assert.deepEqual((r.invocations.ok!.CommandInvocations[0].CommandPlugins as { Name: string }[]).map((p) => p.Name), ['aws:runShellScript']);
      assert.equal(r.invocation.ok!.Status, 'Failed');
      assert.equal(r.noAssoc.error, 'AssociationDoesNotExist');
      assert.deepEqual(r.s3keys.map((k) => k.split('/').slice(-3).join('/')), ['awsrunShellScript/0.awsrunShellScript/stderr', 'awsrunShellScript/0.awsrunShellScript/stdout']);
      assert.equal(r.s3body, r.invocation.ok!.StandardErrorContent);
      assert.equal(r.s3other, 'AccessDenied');
      assert.ok(!stack.s3.log.some((e) => e.errorType === 'SignatureDoesNotMatch'), 'botocore S3 signatures verify');
      assert.ok(!stack.ssm.log.some((e) => e.errorType === 'InvalidSignatureException'), 'botocore SSM signatures verify');
    } finally {
      await stack.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
