import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { describeError } from '../../src/aws/errors';
import { DEMO, KEYS } from '../emulator/index';
import { fetchAll, never, useWorld } from './helpers';

const { nodes } = DEMO;

describe('AWS layer against the local SSM endpoint (real SDK, real HTTP, SigV4 checked)', () => {
  const world = useWorld();

  it("signs with the chosen profile's keys", async () => {
    const backend = world().backend();
    const demo = await backend.fetchAssociationsPage({ target: { nodeId: nodes.three, profile: 'ssm-demo' }, token: undefined, pageSize: 20, signal: never, pageNumber: 1 });
    assert.equal(demo.items.length, 3);
    const second = await backend.fetchAssociationsPage({ target: { nodeId: nodes.secondAccount, profile: 'ssm-second' }, token: undefined, pageSize: 20, signal: never, pageNumber: 1 });
    assert.ok(second.items.length > 0);
    assert.deepEqual(
      world().emulator.log.map((e) => [e.instanceId, e.accessKeyId, e.status]),
      [
        [nodes.three, KEYS.demo.accessKeyId, 200],
        [nodes.secondAccount, KEYS.second.accessKeyId, 200],
      ],
    );
  });

  it('the default chain honours AWS_PROFILE', async () => {
    process.env.AWS_PROFILE = 'ssm-second';
    try {
      const backend = world().backend();
      await backend.fetchAssociationsPage({ target: { nodeId: nodes.secondAccount }, token: undefined, pageSize: 5, signal: never, pageNumber: 1 });
      assert.equal(world().emulator.log[0].accessKeyId, KEYS.second.accessKeyId);
    } finally {
      delete process.env.AWS_PROFILE;
    }
  });

  it('pages through 137 associations in 3 requests of 50, each token the previous answer', async () => {
    const backend = world().backend();
    const { rows, pages } = await fetchAll(backend, { nodeId: nodes.many, profile: 'ssm-demo' }, 50);
    assert.equal(pages, 3);
    assert.equal(rows.length, 137);
    assert.equal(new Set(rows.map((r) => r.AssociationId)).size, 137);
    const log = world().emulator.log;
    assert.deepEqual(log.map((e) => e.maxResults), [50, 50, 50]);
    assert.equal(log[0].nextToken, undefined);
    assert.equal(log[1].nextToken, log[0].nextTokenOut);
    assert.equal(log[2].nextToken, log[1].nextTokenOut);
    assert.equal(log[2].nextTokenOut, undefined);
    assert.ok(rows[0].ExecutionDate instanceof Date, 'dates arrive as Date');
  });

  it("the watch's status read pages until it has found each association: page 2 in 2 requests, page 1 in 1", async () => {
    const backend = world().backend();
    const target = { nodeId: nodes.many, profile: 'ssm-demo' };
    const { rows } = await fetchAll(backend, target, 50);
    world().emulator.clearLog();
    const onPage2 = rows[60];
    const found = await backend.readStatuses(target, [onPage2.AssociationId], never);
    assert.deepEqual(found.get(onPage2.AssociationId), { status: onPage2.Status, executionDate: onPage2.ExecutionDate?.getTime() });
    const reads = () => world().emulator.log.filter((e) => e.operation === 'DescribeInstanceAssociationsStatus');
    assert.equal(reads().length, 2, 'no page after the one it was on');
    assert.equal(reads()[1].nextToken, reads()[0].nextTokenOut);
    world().emulator.clearLog();
    const both = await backend.readStatuses(target, [rows[3].AssociationId, rows[130].AssociationId, 'not-on-this-node'], never);
    assert.deepEqual([...both.keys()].sort(), [rows[3].AssociationId, rows[130].AssociationId].sort());
    assert.equal(reads().length, 3, 'every page once, for the one that is not listed');
  });

  it('session credentials send their token; an expired token is ExpiredToken', async () => {
    const backend = world().backend();
    await backend.fetchAssociationsPage({ target: { nodeId: nodes.three, profile: 'ssm-session' }, token: undefined, pageSize: 5, signal: never, pageNumber: 1 });
    assert.equal(world().emulator.log[0].accessKeyId, KEYS.session.accessKeyId);
    await assert.rejects(backend.fetchAssociationsPage({ target: { nodeId: nodes.three, profile: 'ssm-expired' }, token: undefined, pageSize: 5, signal: never, pageNumber: 1 }), (e: Error) => {
      assert.equal(describeError(e, { profile: 'ssm-expired' }).code, 'ExpiredToken');
      return true;
    });
  });

  it('maps each service error to its message', async () => {
    const backend = world().backend();
    const cases: [string, string | undefined, string][] = [
      [nodes.noAccess, 'ssm-demo', 'InvalidInstanceId'],
      [nodes.secondAccount, 'ssm-demo', 'InvalidInstanceId'],
      [nodes.three, 'ssm-unknown-key', 'UnrecognizedClient'],
    ];
    for (const [nodeId, profile, code] of cases) {
      await assert.rejects(backend.fetchAssociationsPage({ target: { nodeId, profile }, token: undefined, pageSize: 5, signal: never, pageNumber: 1 }), (e: Error) => {
        assert.equal(describeError(e, { profile }).code, code, `${nodeId} ${profile}`);
        return true;
      });
    }
    await assert.rejects(backend.fetchAssociationsPage({ target: { nodeId: nodes.many, profile: 'ssm-demo' }, token: 'forged-token', pageSize: 5, signal: never, pageNumber: 2 }), (e: Error) => {
      assert.equal(describeError(e).code, 'InvalidNextToken');
      return true;
    });
  });

  it('a wrong secret is an InvalidSignature', async () => {
    const credentials = world().files.credentialsFile;
    const backend = world().backend();
    writeFileSync(`${world().dir}/bad-credentials`, `[ssm-demo]\naws_access_key_id = ${KEYS.demo.accessKeyId}\naws_secret_access_key = wrong\n`);
    process.env.AWS_SHARED_CREDENTIALS_FILE = `${world().dir}/bad-credentials`;
    try {
      await assert.rejects(backend.fetchAssociationsPage({ target: { nodeId: nodes.three, profile: 'ssm-demo' }, token: undefined, pageSize: 5, signal: never, pageNumber: 1 }), (e: Error) => {
        assert.equal(describeError(e, { profile: 'ssm-demo' }).code, 'InvalidSignature');
        return true;
      });
    } finally {
      process.env.AWS_SHARED_CREDENTIALS_FILE = credentials;
    }
  });

  it('new credentials are used after the profile files change and the clients are reset', async () => {
    const credentials = world().files.credentialsFile;
    const backend = world().backend();
    await backend.fetchAssociationsPage({ target: { nodeId: nodes.three, profile: 'ssm-demo' }, token: undefined, pageSize: 5, signal: never, pageNumber: 1 });
    // The same profile name now holds the second account's keys.
    writeFileSync(`${world().dir}/switched`, `[ssm-demo]\naws_access_key_id = ${KEYS.second.accessKeyId}\naws_secret_access_key = ${KEYS.second.secretAccessKey}\n`);
    process.env.AWS_SHARED_CREDENTIALS_FILE = `${world().dir}/switched`;
    try {
      backend.reset();
      await backend.fetchAssociationsPage({ target: { nodeId: nodes.secondAccount, profile: 'ssm-demo' }, token: undefined, pageSize: 5, signal: never, pageNumber: 1 });
      assert.deepEqual(world().emulator.log.map((e) => e.accessKeyId), [KEYS.demo.accessKeyId, KEYS.second.accessKeyId]);
    } finally {
      process.env.AWS_SHARED_CREDENTIALS_FILE = credentials;
    }
  });

  it('a profile without a region, and a missing profile, get their messages; AWS_REGION is the fallback', async () => {
    const backend = world().backend();
    await assert.rejects(backend.fetchAssociationsPage({ target: { nodeId: nodes.three, profile: 'ssm-noregion' }, token: undefined, pageSize: 5, signal: never, pageNumber: 1 }), (e: Error) => {
      assert.equal(describeError(e, { profile: 'ssm-noregion' }).code, 'NoRegion');
      return true;
    });
    process.env.AWS_REGION = DEMO.region;
    try {
      const page = await backend.fetchAssociationsPage({ target: { nodeId: nodes.three, profile: 'ssm-noregion' }, token: undefined, pageSize: 5, signal: never, pageNumber: 1 });
      assert.equal(page.items.length, 3);
    } finally {
      delete process.env.AWS_REGION;
    }
    await assert.rejects(backend.fetchAssociationsPage({ target: { nodeId: nodes.three, profile: 'no-such-profile', region: DEMO.region }, token: undefined, pageSize: 5, signal: never, pageNumber: 1 }), (e: Error) => {
      assert.equal(describeError(e, { profile: 'no-such-profile' }).code, 'ProfileNotFound');
      return true;
    });
    assert.equal(world().emulator.log.length, 1, 'nothing was sent for the failing profiles');
  });

  it('lists the profiles of the files with region and kind', async () => {
    const profiles = await world().backend().listProfiles();
    const byName = new Map(profiles.map((p) => [p.name, p]));
    assert.deepEqual([...byName.keys()].sort(), ['ssm-demo', 'ssm-expired', 'ssm-noregion', 'ssm-second', 'ssm-session', 'ssm-unknown-key']);
    assert.equal(byName.get('ssm-demo')?.region, DEMO.region);
    assert.equal(byName.get('ssm-demo')?.kind, 'keys');
    assert.equal(byName.get('ssm-noregion')?.region, undefined);
  });

  it('an explicit region overrides the profile: the node in us-east-1', async () => {
    const backend = world().backend();
    const page = await backend.fetchAssociationsPage({ target: { nodeId: nodes.otherRegion, profile: 'ssm-demo', region: DEMO.otherRegion }, token: undefined, pageSize: 5, signal: never, pageNumber: 1 });
    assert.ok(page.items.length > 0);
    assert.equal(world().emulator.log[0].region, DEMO.otherRegion);
  });
});

describe('ClientPool', () => {
  useWorld(); // its profile files and environment

  it('one client per profile and region; reset destroys them and the next request builds new ones', async () => {
    const { ClientPool } = await import('../../src/aws/sdk/clients');
    const pool = new ClientPool({ maxAttempts: 1 });
    const a = await pool.get('ssm-demo');
    assert.equal(await pool.get('ssm-demo'), a, 'reused');
    assert.notEqual((await pool.get('ssm-demo', DEMO.otherRegion)).client, a.client, 'another region, another client');
    assert.equal(a.region, DEMO.region, "the profile's region");
    let destroyed = 0;
    const destroy = a.client.destroy.bind(a.client);
    a.client.destroy = () => {
      destroyed++;
      destroy();
    };
    pool.reset();
    await new Promise((r) => setImmediate(r));
    assert.equal(destroyed, 1, 'the old client was destroyed');
    assert.notEqual((await pool.get('ssm-demo')).client, a.client, 'a new client after reset');
    pool.reset();
  });
});
