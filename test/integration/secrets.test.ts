import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { describeError } from '../../src/aws/errors';
import { parseSettings } from '../../src/model/settings';
import { LazyBackend } from '../../src/backendLoader';
import { TreeModel } from '../../src/tree/model';
import { DEMO, KEYS } from '../emulator/index';
import { startWorld, type World } from './helpers';

describe('secrets never reach the log or a message', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(() => world.stop());

  it('with every log level on, session credentials, successes and every kind of failure', async () => {
    const backend = world.backend({ maxAttempts: 2 });
    const settings = parseSettings({ nodes: Object.values(DEMO.nodes).filter((n) => typeof n === "string"), profile: 'ssm-session', pageSize: 50 });
    const shown: string[] = [];
    const model = new TreeModel({
      readSettings: () => settings,
      backend: new LazyBackend(() => backend, { requestTimeoutMs: 2_000 }),
      onChange: () => undefined,
    });
    world.emulator.setFault({ throttle: 'always' }, DEMO.nodes.hybrid);
    world.emulator.setFault({ internalError: 'always' }, DEMO.nodes.empty);
    world.emulator.setFault({ malformed: 'non-json' }, DEMO.nodes.shortId);
    for (const element of await model.getChildren()) {
      for (const child of await model.getChildren(element)) {
        const item = model.itemOf(child);
        shown.push(item.label, item.description ?? '', model.tooltipOf(child) ?? '');
      }
      const item = model.itemOf(element);
      shown.push(item.label, item.description ?? '', item.tooltipMarkdown ?? '');
    }
    // And errors from the other credential kinds.
    for (const profile of ['ssm-expired', 'ssm-unknown-key']) {
      try {
        await backend.fetchAssociationsPage({ nodeId: DEMO.nodes.three, profile }, undefined, 5, new AbortController().signal, 1);
      } catch (error) {
        const e = describeError(error, { profile });
        shown.push(e.message, e.detail, String(error), (error as Error).stack ?? '');
      }
    }
    assert.ok(world.emulator.log.some((e) => e.accessKeyId === KEYS.session.accessKeyId && e.status === 200), 'session credentials were used');
    assert.ok(world.log.lines.length >= 8, 'requests were logged');
    const everything = [...world.log.lines, ...shown].join('\n');
    for (const secret of [KEYS.session.secretAccessKey, KEYS.session.sessionToken, KEYS.expiredSession.secretAccessKey, KEYS.expiredSession.sessionToken, KEYS.demo.secretAccessKey]) {
      assert.equal(everything.includes(secret), false, `a secret leaked: ${secret.slice(0, 6)}…`);
    }
    assert.doesNotMatch(everything, /Signature=|x-amz-security-token|aws_secret_access_key|Authorization:/i);
    // Access key IDs are not secret, but the extension has no need to show them either.
    assert.equal(everything.includes(KEYS.session.accessKeyId), false);
  });
});
