import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { describeError, type UserError } from '../../src/aws/errors';
import { sharedMfaPrompt } from '../../src/aws/mfa';
import type { Backend, NodeTarget } from '../../src/aws/types';
import { DEMO, KEYS } from '../emulator/index';
import { never, startWorld, type World } from './helpers';

const node = DEMO.nodes.three;

async function failure(backend: Backend, target: NodeTarget): Promise<UserError> {
  try {
    await backend.fetchAssociationsPage(target, undefined, 5, never, 1);
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

  it('credential_process that works: its keys sign the request', async () => {
    const page = await world.backend().fetchAssociationsPage({ nodeId: node, profile: 'proc-ok' }, undefined, 5, never, 1);
    assert.equal(page.items.length, 3);
    assert.equal(world.emulator.log[0].accessKeyId, KEYS.demo.accessKeyId);
  });

  it('credential_process that fails', async () => {
    const e = await failure(world.backend(), { nodeId: node, profile: 'proc-fails' });
    assert.equal(e.code, 'CredentialProcess', e.detail);
    assert.match(e.message, /credential_process of profile "proc-fails" failed/);
    assert.equal(world.emulator.log.length, 0);
  });

  it('credential_process that hangs is cut off with a message', async () => {
    const started = Date.now();
    const e = await failure(world.backend({ credentialsTimeoutMs: 500 }), { nodeId: node, profile: 'proc-hangs' });
    assert.equal(e.code, 'CredentialsTimeout');
    assert.match(e.message, /Getting credentials for profile "proc-hangs" timed out/);
    assert.ok(Date.now() - started < 2_500);
  });

  it('SSO never logged in, and SSO token expired: offer aws sso login --profile', async () => {
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

  it('a profile with no credentials, and one that does not exist', async () => {
    const empty = await failure(world.backend(), { nodeId: node, profile: 'empty' });
    assert.match(empty.code, /NoCredentials|ProfileNotFound/);
    assert.match(empty.message, /"empty"/);
    const missing = await failure(world.backend(), { nodeId: node, profile: 'nobody', region: 'eu-west-1' });
    assert.match(missing.message, /"nobody"/);
  });

  it('role with MFA: one prompt for many nodes; cancelling fails them once, quietly', async () => {
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

  it('Select Profile lists every profile with its kind', async () => {
    const profiles = new Map((await world.backend().listProfiles()).map((p) => [p.name, p.kind]));
    assert.equal(profiles.get('proc-ok'), 'process');
    assert.equal(profiles.get('sso-user'), 'sso');
    assert.equal(profiles.get('mfa-role'), 'role');
    assert.equal(profiles.get('ssm-demo'), 'keys');
    assert.equal(profiles.has('corp'), false, 'sso-session sections are not profiles');
    assert.equal([...profiles.keys()].some((n) => n.startsWith('services')), false);
  });
});
