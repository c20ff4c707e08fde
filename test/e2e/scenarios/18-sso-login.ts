// "SSO session expired", and signing in from the tree, in the real editor. A node uses an SSO profile
// whose cached token has expired and whose name is a shell injection; a stand-in `aws`, first on the
// PATH of code-server (so of the extension host), prints its arguments one per line, records them,
// and "logs in" by writing a valid token to the SSO cache, as `aws sso login` does. Clicking the
// error row opens the "AWS SSO login" terminal; the argument vector arrives exactly, no shell runs
// the name, and once the login succeeds the tree refreshes and the node loads with the credentials
// the SDK gets from the (local) SSO portal for that token.
//
// The profile sits in the credentials file: the SDK reads `[profile NAME]` in the config file only
// for names of letters, digits and -@+.%:/ (so no injection can be named there), but takes any
// `[NAME]` in the credentials file, with its sso_session, as an SSO profile.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { KEYS } from '../../emulator/defaultFleet';
import { tmpRoot } from '../editor';
import { DEMO, expect, expectEqual, type Scenario } from '../scenario';
import * as ui from '../ui';

const NODE = DEMO.nodes.many;
const LABEL = 'SSO node';
const SSO_SESSION = 'corp';
const START_URL = 'https://corp.awsapps.example/start';
/** The token the stand-in's "login" writes, and the only one the SSO portal accepts. */
const GOOD_TOKEN = 'e2e-sso-access-token-after-login';

/** The SSO portal's GetRoleCredentials (GET /federation/credentials), answering the session keys of the demo account. */
function startSsoPortal(seen: { token?: string; url?: string }[]): Promise<Server> {
  const server = createServer((req, res) => {
    const token = req.headers['x-amz-sso_bearer_token'];
    seen.push({ token: typeof token === 'string' ? token : undefined, url: req.url });
    res.setHeader('content-type', 'application/json');
    if (token !== GOOD_TOKEN || !req.url?.startsWith('/federation/credentials?')) {
      res.statusCode = 401;
      res.setHeader('x-amzn-errortype', 'UnauthorizedException');
      res.end(JSON.stringify({ message: 'Session token not found or invalid' }));
      return;
    }
    const { accessKeyId, secretAccessKey, sessionToken } = KEYS.session;
    res.end(JSON.stringify({ roleCredentials: { accessKeyId, secretAccessKey, sessionToken, expiration: Date.now() + 3_600_000 } }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The text of the terminal panel (xterm's DOM renderer: gpuAcceleration is off below). */
async function terminalText(page: Page): Promise<string> {
  return (await page.locator('.terminal-wrapper.active .xterm-rows').first().innerText()).replace(/\u00a0/g, ' ');
}

const scenario: Scenario = {
  name: '18-sso-login',
  async run(ctx) {
    // Everything of this scenario lives here: a path of plain characters, so the name below is a
    // working command for any shell that would (wrongly) parse it.
    const dir = fs.mkdtempSync(path.join(tmpRoot(), '18-sso-login-'));
    const pwned = path.join(dir, 'PWNED');
    // Breaks out of single quotes, and runs $(…) inside double quotes or none.
    const profile = `sso-token'; touch ${pwned}; '$(touch ${pwned})`;
    const home = path.join(dir, 'home');
    const cache = path.join(home, '.aws', 'sso', 'cache');
    fs.mkdirSync(cache, { recursive: true });
    // Where the SDK (and the AWS CLI) keep the token of an sso-session: sha1 of the session's name.
    const tokenFile = path.join(cache, `${createHash('sha1').update(SSO_SESSION).digest('hex')}.json`);
    fs.writeFileSync(tokenFile, JSON.stringify({ accessToken: 'e2e-expired-token', expiresAt: '2020-01-01T00:00:00Z', region: DEMO.region, startUrl: START_URL }));
    const validToken = path.join(dir, 'valid-token.json');
    fs.writeFileSync(validToken, JSON.stringify({ accessToken: GOOD_TOKEN, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), region: DEMO.region, startUrl: START_URL }));

    const bin = path.join(dir, 'bin');
    const argvFile = path.join(dir, 'argv.txt');
    fs.mkdirSync(bin);
    fs.writeFileSync(
      path.join(bin, 'aws'),
      [
        '#!/bin/sh',
        '# Stand-in for the AWS CLI (e2e 18): prints and records its arguments, one per line, then "logs in".',
        `for a in "$@"; do printf '%s\\n' "$a"; done | tee '${argvFile}'`,
        `cp '${validToken}' '${tokenFile}'`,
        `echo 'Successfully logged into Start URL: ${START_URL}'`,
        '',
      ].join('\n'),
      { mode: 0o755 },
    );

    // code-server's extension host takes its environment from a login shell (VS Code resolves the
    // shell environment), and Debian's /etc/profile resets PATH: as for a user, PATH comes from the
    // shell profile in HOME.
    fs.writeFileSync(path.join(home, '.profile'), `PATH='${bin}':"$PATH"; export PATH\n`);

    const portalRequests: { token?: string; url?: string }[] = [];
    const portal = await startSsoPortal(portalRequests);
    try {
      await ctx.launch({
        env: {
          HOME: home,
          PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
          AWS_ENDPOINT_URL_SSO: `http://127.0.0.1:${(portal.address() as AddressInfo).port}`,
        },
        userSettings: {
          'ssmAssociations.nodes': [{ id: NODE, profile, region: DEMO.region, label: LABEL }],
          'terminal.integrated.gpuAcceleration': 'off',
        },
      });
      const page = ctx.page;
      fs.appendFileSync(ctx.profiles.credentialsFile, ['', `[${profile}]`, `sso_session = ${SSO_SESSION}`, 'sso_account_id = 111111111111', 'sso_role_name = ReadOnly', `region = ${DEMO.region}`, ''].join('\n'));
      fs.appendFileSync(ctx.profiles.configFile, ['', `[sso-session ${SSO_SESSION}]`, `sso_start_url = ${START_URL}`, `sso_region = ${DEMO.region}`, 'sso_registration_scopes = sso:account:access', ''].join('\n'));

      await ctx.step('an expired SSO token: the node says "SSO session expired", click to run aws sso login', async () => {
        await ui.expand(page, LABEL, { exact: true });
        const row = await ui.waitForRow(page, /^SSO session expired$/, { timeout: 30_000 });
        const info = await ui.rowInfo(row);
        expectEqual(info.description, 'click to run aws sso login', 'error row description');
        await ui.settledRows(page);
        const hover = await ui.readHover(page, ui.row(page, /^SSO session expired$/).first());
        expect(hover.text.includes('aws sso login --profile') && hover.text.includes(profile), `tooltip names the command and the profile literally: ${hover.text}`);
        await ui.dismissHover(page);
        expectEqual(ctx.calls(NODE).length, 0, 'requests to SSM (no credentials, nothing signed)');
        expectEqual(portalRequests.length, 0, 'requests to the SSO portal (the token is expired)');
        await ctx.screenshot('sso-expired');
      });

      await ctx.step('clicking the row opens the "AWS SSO login" terminal: aws gets the profile as one argument', async () => {
        await ui.row(page, /^SSO session expired$/).first().click();
        await page.locator('.terminal-tab, .single-terminal-tab, .terminal-tabs-entry').filter({ hasText: 'AWS SSO login' }).first().waitFor({ timeout: ui.DEFAULT_TIMEOUT });
        const text = await ui.poll('the stand-in aws to print its arguments in the terminal', async () => {
          const t = await terminalText(page);
          return t.includes('Successfully logged into') ? t : undefined;
        });
        const lines = text.split('\n').map((l) => l.trimEnd());
        const at = lines.indexOf('sso');
        expectEqual(lines.slice(at, at + 4), ['sso', 'login', '--profile', profile], 'the arguments as the terminal shows them, one per line');
        expectEqual(fs.readFileSync(argvFile, 'utf8').split('\n').slice(0, -1), ['sso', 'login', '--profile', profile], 'the argument vector aws received');
      });

      await ctx.step('no shell parsed the name: no PWNED file', async () => {
        expect(!fs.existsSync(pwned), `${pwned} exists: a shell ran the profile name`);
        expect(!fs.existsSync(path.join(ctx.editor.workspace, 'PWNED')), 'no PWNED in the workspace (the extension host\'s working directory)');
      });

      await ctx.step('after the login the tree refreshes: the node loads with the credentials of the new SSO token', async () => {
        await ui.waitForRow(page, 'assoc-00000', { timeout: 30_000 });
        await ui.waitForNoRow(page, /^SSO session expired$/);
        const calls = ctx.calls(NODE);
        expect(calls.length >= 1 && calls.every((c) => c.accessKeyId === KEYS.session.accessKeyId), `requests signed with the SSO role's key: ${JSON.stringify(calls.map((c) => c.accessKeyId))}`);
        expect(portalRequests.length >= 1 && portalRequests.every((r) => r.token === GOOD_TOKEN), `the SSO portal was asked with the new token: ${JSON.stringify(portalRequests)}`);
        expect(portalRequests[0].url?.includes('account_id=111111111111') && portalRequests[0].url.includes('role_name=ReadOnly'), `for the profile's account and role: ${portalRequests[0].url}`);
        await ui.poll('the terminal to say the tree is refreshed', async () => ((await terminalText(page)).includes('Signed in. The tree is refreshed.') ? true : undefined));
        await ctx.screenshot('signed-in');
      });
    } finally {
      await new Promise((resolve) => portal.close(resolve));
    }
  },
};
export default scenario;
