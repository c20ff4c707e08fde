import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { describeError, type UserError } from '../../src/aws/errors';
import { sharedMfaPrompt } from '../../src/aws/mfa';
import type { Backend, NodeTarget } from '../../src/aws/contract';
import { DEMO, KEYS } from '../emulator/index';
import { never, startWorld, type World } from './helpers';

const node = DEMO.nodes.three;

async function failure(backend: Backend, target: NodeTarget): Promise<UserError> {
  try {
    await backend.fetchAssociationsPage({ target, token: undefined, pageSize: 5, signal: never, pageNumber: 1 });
  } catch (error) {
    return describeError(error, { profile: target.profile, region: target.region });
  }
  assert.fail(`expected ${target.profile} to fail`);
}

describe('credentials: each problem names the profile and the next step', () => {
  let world: World;
  let home: string;
  const savedHome = process.env.HOME;
  before(async () => {
    world = await startWorld();
    home = join(world.dir, 'home');
    mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
    process.env.HOME = home;
    const processJson = JSON.stringify({ Version: 1, AccessKeyId: KEYS.demo.accessKeyId, SecretAccessKey: KEYS.demo.secretAccessKey });
    appendFileSync(
      world.files.configFile,
      [
        '',
        '[profile proc-ok]',
        'region = eu-west-1',
        `credential_process = node -e "process.stdout.write(JSON.stringify(${processJson.replace(/"/g, '\\"')}))"`,
        '',
        '[profile proc-fails]',
        'region = eu-west-1',
        'credential_process = sh -c "echo no keys for you >&2; exit 3"',
        '',
        '[profile proc-hangs]',
        'region = eu-west-1',
        'credential_process = sleep 3',
        '',
        '[profile sso-user]',
        'region = eu-west-1',
        'sso_session = corp',
        'sso_account_id = 111111111111',
        'sso_role_name = ReadOnly',
        '',
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.example/start',
        'sso_region = eu-west-1',
        'sso_registration_scopes = sso:account:access',
        '',
        '[profile mfa-role]',
        'region = eu-west-1',
        'role_arn = arn:aws:iam::111111111111:role/Admin',
        'source_profile = ssm-demo',
        'mfa_serial = arn:aws:iam::111111111111:mfa/sre',
        '',
        '[profile sso-role]',
        'region = eu-west-1',
        'role_arn = arn:aws:iam::111111111111:role/FromSso',
        'source_profile = sso-user',
        '',
        '[profile role-plain]',
        'region = eu-west-1',
        'role_arn = arn:aws:iam::111111111111:role/Plain',
        'source_profile = ssm-demo',
        '',
        '[profile empty]',
        'region = eu-west-1',
        '',
      ].join('\n'),
    );
  });
  after(async () => {
    process.env.HOME = savedHome;
    await world.stop();
  });
  beforeEach(() => world.emulator.clearLog());

  it('credential_process that works: its keys sign the request', { timeout: 10_000 }, async () => {
    const page = await world.backend().fetchAssociationsPage({ target: { nodeId: node, profile: 'proc-ok' }, token: undefined, pageSize: 5, signal: never, pageNumber: 1 });
    assert.equal(page.items.length, 3);
    assert.equal(world.emulator.log[0].accessKeyId, KEYS.demo.accessKeyId);
  });

  it('credential_process that fails', { timeout: 10_000 }, async () => {
    const e = await failure(world.backend(), { nodeId: node, profile: 'proc-fails' });
    assert.equal(e.code, 'CredentialProcess', e.detail);
    assert.match(e.message, /credential_process of profile "proc-fails" failed/);
    assert.equal(world.emulator.log.length, 0);
  });

  it('credential_process that hangs is cut off with a message', { timeout: 10_000 }, async () => {
    const started = Date.now();
    const e = await failure(world.backend({ credentialsTimeoutMs: 500 }), { nodeId: node, profile: 'proc-hangs' });
    assert.equal(e.code, 'CredentialsTimeout');
    assert.match(e.message, /Getting credentials for profile "proc-hangs" timed out/);
    assert.ok(Date.now() - started < 2_500);
  });

  it('SSO never logged in, and SSO token expired: offer aws sso login --profile', { timeout: 10_000 }, async () => {
    const never1 = await failure(world.backend(), { nodeId: node, profile: 'sso-user' });
    assert.equal(never1.code, 'SsoExpired', never1.detail);
    assert.match(never1.detail, /aws sso login --profile sso-user/);
    assert.deepEqual(never1.actions, ['ssoLogin', 'retry']);

    const tokenFile = join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`);
    writeFileSync(tokenFile, JSON.stringify({ accessToken: 'expired-token', expiresAt: '2020-01-01T00:00:00Z', region: 'eu-west-1', startUrl: 'https://corp.awsapps.example/start' }));
    const expired = await failure(world.backend(), { nodeId: node, profile: 'sso-user' });
    assert.equal(expired.code, 'SsoExpired', expired.detail);
    assert.equal(expired.profile, 'sso-user');
  });

  it('a profile with no credentials, and one that does not exist', { timeout: 10_000 }, async () => {
    const empty = await failure(world.backend(), { nodeId: node, profile: 'empty' });
    assert.equal(empty.code, 'NoCredentials', empty.detail);
    assert.match(empty.message, /"empty"/);
    assert.deepEqual(empty.actions, ['retry', 'selectProfile']);
    const missing = await failure(world.backend(), { nodeId: node, profile: 'nobody', region: 'eu-west-1' });
    assert.equal(missing.code, 'ProfileNotFound', missing.detail);
    assert.equal(missing.title, 'Profile not found');
    assert.match(missing.message, /Profile "nobody" is not in your AWS config or credentials files/);
    assert.deepEqual(missing.actions, ['selectProfile', 'retry']);
    assert.equal(world.emulator.log.length, 0);
  });

  it('a missing profile named like an injection, with "sso" and "token" in it, is not found (not an SSO problem)', { timeout: 10_000 }, async () => {
    for (const [name, region] of [["sso-token'; calc; '", 'eu-west-1'], ['sso token expired; aws sso login', undefined], ['$(calc)`calc`', undefined]] as const) {
      // With no region anywhere too: a missing profile has none, and that is not the problem to report.
      const e = await failure(world.backend(), { nodeId: node, profile: name, region });
      assert.equal(e.code, 'ProfileNotFound', `${name}: ${e.code} ${e.detail}`);
      assert.equal(e.profile, undefined);
      assert.match(e.message, new RegExp(`Profile "${name.replace(/[$()`]/g, '\\$&')}" is not in`));
    }
  });

  it('the default chain with AWS_PROFILE naming a missing profile: that profile is not found', { timeout: 10_000 }, async () => {
    process.env.AWS_PROFILE = 'gone-profile';
    try {
      const e = await failure(world.backend(), { nodeId: node, region: 'eu-west-1' });
      assert.equal(e.code, 'ProfileNotFound', e.detail);
      assert.match(e.message, /Profile "gone-profile"/);
    } finally {
      delete process.env.AWS_PROFILE;
    }
  });

  it('a role whose source_profile is SSO: log in with the source profile', { timeout: 10_000 }, async () => {
    const e = await failure(world.backend(), { nodeId: node, profile: 'sso-role' });
    assert.equal(e.code, 'SsoExpired', e.detail);
    assert.equal(e.profile, 'sso-user');
    assert.match(e.detail, /aws sso login --profile sso-user/);
  });

  it('role with MFA: one prompt for many nodes; cancelling fails them once, quietly', { timeout: 10_000 }, async () => {
    const asked: string[] = [];
    const prompt = sharedMfaPrompt(async (serial) => {
      asked.push(serial);
      await new Promise((r) => setTimeout(r, 50));
      return undefined; // the user pressed Escape
    });
    const backend = world.backend({ mfaCodeProvider: prompt });
    const targets = [DEMO.nodes.three, DEMO.nodes.many, DEMO.nodes.empty].map((nodeId) => ({ nodeId, profile: 'mfa-role' }));
    const errors = await Promise.all(targets.map((t) => failure(backend, t)));
    assert.deepEqual(asked, ['arn:aws:iam::111111111111:mfa/sre'], 'asked once');
    for (const e of errors) {
      assert.equal(e.code, 'MfaCancelled');
      assert.deepEqual(e.actions, ['retry']);
    }
    assert.equal(world.emulator.log.length, 0);
  });

  it('role with MFA: one profile with nodes in two regions (two clients) still asks once', { timeout: 10_000 }, async () => {
    const asked: string[] = [];
    const prompt = sharedMfaPrompt(async (serial, profile) => {
      asked.push(`${profile} ${serial}`);
      await new Promise((r) => setTimeout(r, 100));
      return undefined;
    });
    const backend = world.backend({ mfaCodeProvider: prompt });
    const errors = await Promise.all([
      failure(backend, { nodeId: DEMO.nodes.three, profile: 'mfa-role', region: 'eu-west-1' }),
      failure(backend, { nodeId: DEMO.nodes.otherRegion, profile: 'mfa-role', region: DEMO.otherRegion }),
    ]);
    assert.deepEqual(asked, ['mfa-role arn:aws:iam::111111111111:mfa/sre'], 'one prompt for both regions');
    assert.deepEqual(errors.map((e) => e.code), ['MfaCancelled', 'MfaCancelled']);
  });

  it('a role whose source keys STS refuses as expired: "Session credentials expired", not "No credentials"', { timeout: 10_000 }, async () => {
    // A local STS that answers AssumeRole as AWS does for an expired session token.
    const sts = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(400, { 'content-type': 'text/xml', 'x-amzn-requestid': 'sts-req-1' });
        res.end('<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error><RequestId>sts-req-1</RequestId></ErrorResponse>');
      });
    });
    await new Promise<void>((r) => sts.listen(0, '127.0.0.1', r));
    process.env.AWS_ENDPOINT_URL_STS = `http://127.0.0.1:${(sts.address() as AddressInfo).port}`;
    try {
      const e = await failure(world.backend(), { nodeId: node, profile: 'role-plain' });
      assert.equal(e.code, 'ExpiredToken', e.detail);
      assert.match(e.message, /session credentials of profile "role-plain" have expired/);
    } finally {
      delete process.env.AWS_ENDPOINT_URL_STS;
      sts.close();
    }
  });

  it('Select Profile lists every profile with its kind', { timeout: 10_000 }, async () => {
    const profiles = new Map((await world.backend().listProfiles()).map((p) => [p.name, p.kind]));
    assert.equal(profiles.get('proc-ok'), 'process');
    assert.equal(profiles.get('sso-user'), 'sso');
    assert.equal(profiles.get('mfa-role'), 'role');
    assert.equal(profiles.get('ssm-demo'), 'keys');
    assert.equal(profiles.has('corp'), false, 'sso-session sections are not profiles');
    assert.equal([...profiles.keys()].some((n) => n.startsWith('services')), false);
  });
});
