import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { describeError } from '../../src/aws/errors';
import { parseSettings } from '../../src/core/settings';
import { LazyBackend } from '../../src/aws/lazyBackend';
import { NodesTree } from '../../src/tree/nodesTree';
import type { ItemSpec } from '../../src/tree/elements';
import { DEMO, KEYS } from '../emulator/index';
import { startWorld, type World } from './helpers';

// A secret key of the real shape (40 characters, AWS's documentation example), bare on a command line.
const BARE_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('secrets never reach the log or a message', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
    // A credential_process whose command line and stderr carry a secret: the SDK puts both in its message.
    appendFileSync(
      world.files.configFile,
      `\n[profile proc-leaky]\nregion = ${DEMO.region}\ncredential_process = sh -c "echo SecretAccessKey: ${KEYS.session.secretAccessKey}, SessionToken: ${KEYS.session.sessionToken} >&2; exit 1" ${BARE_SECRET}\n`,
    );
  });
  after(() => world.stop());

  it('with every log level on, session credentials, successes and every kind of failure', { timeout: 20_000 }, async () => {
    const backend = world.backend({ maxAttempts: 2 });
    const settings = parseSettings({ nodes: Object.values(DEMO.nodes).filter((n) => typeof n === "string"), profile: 'ssm-session', pageSize: 50 });
    const shown: string[] = [];
    const drawn = new NodesTree<ItemSpec>(
      {
        readSettings: () => settings,
        backend: new LazyBackend(() => backend, { requestTimeoutMs: 2_000 }),
        onChange: () => undefined,
      },
      (spec) => spec,
    );
    const model = drawn.model;
    world.emulator.setFault({ throttle: 'always' }, DEMO.nodes.hybrid);
    world.emulator.setFault({ internalError: 'always' }, DEMO.nodes.empty);
    world.emulator.setFault({ malformed: 'non-json' }, DEMO.nodes.shortId);
    for (const element of await model.getChildren()) {
      for (const child of await model.getChildren(element)) {
        const item = drawn.itemOf(child);
        shown.push(item.label, item.description ?? '', model.tooltipOf(child) ?? '');
      }
      const item = drawn.itemOf(element);
      shown.push(item.label, item.description ?? '', item.tooltipMarkdown ?? '');
    }
    // And errors from the other credential kinds.
    for (const profile of ['ssm-expired', 'ssm-unknown-key', 'proc-leaky']) {
      try {
        await backend.fetchAssociationsPage({ target: { nodeId: DEMO.nodes.three, profile }, token: undefined, pageSize: 5, signal: new AbortController().signal, pageNumber: 1 });
      } catch (error) {
        const e = describeError(error, { profile });
        shown.push(e.title, e.message, e.detail);
        // The SDK's own error is never shown, only logged by name; those of AWS must carry no secret either.
        if (profile === 'proc-leaky') {
          assert.equal(e.code, 'CredentialProcess');
          let sdkMessage = '';
          for (let c: unknown = error; c; c = (c as { cause?: unknown }).cause) sdkMessage += (c as Error).message;
          assert.ok(sdkMessage.includes(KEYS.session.secretAccessKey), 'the input did carry the secret');
        } else {
          shown.push(String(error), (error as Error).stack ?? '');
        }
      }
    }
    assert.ok(world.emulator.log.some((e) => e.accessKeyId === KEYS.session.accessKeyId && e.status === 200), 'session credentials were used');
    assert.ok(world.log.lines.length >= 8, 'requests were logged');
    const everything = [...world.log.lines, ...shown].join('\n');
    for (const secret of [KEYS.session.secretAccessKey, KEYS.session.sessionToken, KEYS.expiredSession.secretAccessKey, KEYS.expiredSession.sessionToken, KEYS.demo.secretAccessKey, BARE_SECRET]) {
      assert.equal(everything.includes(secret), false, `a secret leaked: ${secret.slice(0, 6)}…`);
    }
    assert.doesNotMatch(everything, /Signature=|x-amz-security-token|aws_secret_access_key|Authorization:/i);
    // Access key IDs are not secret, but the extension has no need to show them either.
    assert.equal(everything.includes(KEYS.session.accessKeyId), false);
  });
});
