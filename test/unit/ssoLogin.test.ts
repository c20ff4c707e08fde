import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ssoLoginCommandText } from '../../src/aws/errors';
import { runSsoLogin, ssoLoginArgs, ssoLoginCommandLine } from '../../src/aws/ssoLogin';

// A stand-in `aws` on PATH that records the argument vector it was given, prints like the CLI, and
// exits with the code in FAKE_AWS_EXIT (or hangs when FAKE_AWS_HANG is set).
const FAKE_AWS = `#!${process.execPath}
const fs = require('node:fs');
fs.writeFileSync(process.env.FAKE_AWS_RECORD, JSON.stringify(process.argv.slice(2)));
process.stdout.write('Attempting to automatically open the SSO authorization page\\nCode: ABCD-EFGH\\n');
process.stderr.write('a warning\\n');
if (process.env.FAKE_AWS_HANG) setInterval(() => {}, 1000);
else process.exitCode = Number(process.env.FAKE_AWS_EXIT ?? 0);
`;

describe('aws sso login runs with an argument vector, no shell', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ssm-sso-'));
    writeFileSync(join(dir, 'aws'), FAKE_AWS);
    chmodSync(join(dir, 'aws'), 0o755);
    env = { ...process.env, PATH: `${dir}${delimiter}${process.env.PATH}`, FAKE_AWS_RECORD: join(dir, 'argv.json') };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function run(profile: string | undefined, extra: NodeJS.ProcessEnv = {}) {
    let output = '';
    const code = await runSsoLogin(profile, (text) => (output += text), { env: { ...env, ...extra } }).done;
    return { code, output, argv: JSON.parse(readFileSync(join(dir, 'argv.json'), 'utf8')) as string[] };
  }

  it('a profile named like an injection arrives as one argument and runs nothing', { timeout: 15_000 }, async () => {
    const marker = join(dir, 'pwned');
    for (const profile of ["sso-token'; calc; '", "sso%COMSPEC%:@+/x", `x; touch ${marker}`, `$(touch ${marker})`, `\`touch ${marker}\``, `a" & touch ${marker} & "`, "name with spaces", "-–help"]) {
      const { code, argv } = await run(profile);
      assert.equal(code, 0, profile);
      assert.deepEqual(argv, ['sso', 'login', '--profile', profile]);
      assert.equal(existsSync(marker), false, `a shell ran ${profile}`);
    }
  });

  it('no profile: aws sso login on its own; output and exit code come back', { timeout: 5_000 }, async () => {
    const { code, argv, output } = await run(undefined, { FAKE_AWS_EXIT: '2' });
    assert.deepEqual(argv, ['sso', 'login']);
    assert.equal(code, 2);
    assert.match(output, /Code: ABCD-EFGH/);
    assert.match(output, /a warning/);
  });

  it('the CLI missing from PATH gives a message, not a crash', { timeout: 5_000 }, async () => {
    let output = '';
    const code = await runSsoLogin('p', (t) => (output += t), { command: join(dir, 'no-such-aws'), env }).done;
    assert.equal(code, undefined);
    assert.match(output, /was not found on PATH\. Install AWS CLI v2/);
  });

  it('stop ends a login that waits', { timeout: 5_000 }, async () => {
    const started = runSsoLogin('p', () => undefined, { env: { ...env, FAKE_AWS_HANG: '1' } });
    await new Promise((r) => setTimeout(r, 300));
    started.stop();
    assert.equal(await started.done, undefined, 'ended by a signal');
  });
});

describe('the command line shown for aws sso login', () => {
  it('a name a shell would interpret is never written into the command a user may copy', () => {
    assert.deepEqual(ssoLoginArgs('a b'), ['sso', 'login', '--profile', 'a b']);
    assert.equal(ssoLoginCommandLine('prod'), 'aws sso login --profile prod');
    assert.equal(ssoLoginCommandText('corp.sso@team+1'), 'aws sso login --profile corp.sso@team+1');
    assert.equal(ssoLoginCommandText(undefined), 'aws sso login');
    // Inert in no single quoting for bash, PowerShell and cmd.exe alike: a placeholder instead.
    for (const name of ["sso-token'; calc; '", 'x$(touch PWNED)', '%COMSPEC%', 'a&calc', 'a b', 'a"b']) {
      assert.equal(ssoLoginCommandText(name), 'aws sso login --profile <profile name>', name);
      const [first, second] = ssoLoginCommandLine(name).split('\n');
      assert.equal(first, 'aws sso login --profile <profile name>');
      assert.equal(second, `profile name (given to aws as one argument, no shell): ${JSON.stringify(name)}`);
    }
    assert.equal(
      ssoLoginCommandLine('x\u001b]8;;http://e\u0007y\u009b'),
      'aws sso login --profile <profile name>\nprofile name (given to aws as one argument, no shell): "x\\u001b]8;;http://e\\u0007y\\u009b"',
    );
  });
});
