import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { describeError, NoRegionError, ProfileNotFoundError, CredentialsError } from '../../src/aws/errors';
import type { ErrorElement } from '../../src/tree/elements';
import { errorSpec } from '../../src/tree/rowItems';

const sdkError = (name: string) => Object.assign(new Error('x'), { name, $metadata: { httpStatusCode: 400 } });

/** An error row under a node that uses the default profile of the settings, or its own. */
function row(error: unknown, ownProfile?: string): ErrorElement {
  const entry = { kind: 'node' as const, id: 'i-0123456789abcdef0', index: 0, ...(ownProfile ? { profile: ownProfile } : {}) };
  return { kind: 'error', node: { kind: 'node', entry }, error: describeError(error, { profile: ownProfile ?? 'prod', region: 'eu-west-1' }), during: 'first' };
}

/** The `when` clauses of the row menus that name a command. */
const menus = (JSON.parse(readFileSync('package.json', 'utf8')).contributes.menus['view/item/context'] as { command: string; when: string; group: string }[]);
function offers(command: string, contextValue: string): { inline: boolean; menu: boolean } {
  const matching = menus.filter((m) => m.command === command).filter((m) => {
    const eq = /viewItem == ([\w.]+)/.exec(m.when);
    const re = /viewItem =~ \/(.+)\/$/.exec(m.when);
    return eq ? eq[1] === contextValue : re ? new RegExp(re[1]).test(contextValue) : false;
  });
  return { inline: matching.some((m) => m.group.startsWith('inline')), menu: matching.some((m) => !m.group.startsWith('inline')) };
}

describe('error rows offer what helps', () => {
  it('a node on the default profile: Select Profile is a button on the row next to Retry', () => {
    for (const name of ['InvalidInstanceId', 'UnrecognizedClientException', 'InvalidSignatureException', 'AccessDeniedException', 'ExpiredTokenException']) {
      const spec = errorSpec(row(sdkError(name)));
      assert.equal(spec.contextValue, 'error.selectProfile', name);
      assert.equal(spec.command?.command, 'ssmAssociations.retry', name);
      assert.equal(spec.description, 'click to retry');
      assert.deepEqual(offers('ssmAssociations.selectProfile', spec.contextValue), { inline: true, menu: true });
      assert.deepEqual(offers('ssmAssociations.retry', spec.contextValue), { inline: true, menu: true });
    }
  });

  it('a missing profile: the click selects a profile', () => {
    const spec = errorSpec(row(new ProfileNotFoundError('prod')));
    assert.equal(spec.label, 'Profile not found');
    assert.equal(spec.command?.command, 'ssmAssociations.selectProfile');
    assert.equal(spec.description, 'click to select a profile');
  });

  it('a node with its own profile: no Select Profile (it would not change that node); the settings instead', () => {
    const notReachable = errorSpec(row(sdkError('InvalidInstanceId'), 'own'));
    assert.equal(notReachable.contextValue, 'error');
    assert.deepEqual(offers('ssmAssociations.selectProfile', 'error'), { inline: false, menu: false });
    assert.deepEqual(offers('ssmAssociations.retry', 'error'), { inline: true, menu: true });
    const missing = errorSpec(row(new ProfileNotFoundError('own'), 'own'));
    assert.equal(missing.command?.command, 'ssmAssociations.openSettings');
    assert.equal(missing.description, 'click to open settings');
  });

  it('SSO: the click runs aws sso login for the profile; no region: the click opens settings', () => {
    const sso = errorSpec(row(new CredentialsError('prod', 'sso', new Error('expired'))));
    assert.deepEqual([sso.command?.command, sso.command?.arguments], ['ssmAssociations.ssoLogin', ['prod']]);
    assert.equal(sso.description, 'click to run aws sso login');
    const region = errorSpec(row(new NoRegionError('prod')));
    assert.equal(region.command?.command, 'ssmAssociations.openSettings');
    assert.equal(region.description, 'click to open settings');
  });
});
