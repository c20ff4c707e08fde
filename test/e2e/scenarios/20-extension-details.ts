// The extension as a user first meets it: its page in the Extensions view. The icon, name and
// description come from the .vsix; the settings table from its contributions; and the README's
// picture, which VS Code's details page loads only from an https address (its sanitizer drops
// relative image paths, its Content-Security-Policy is "img-src https: data:"), so here the
// package is made as a publisher would make it, with `vsce package --baseImagesUrl`, pointing at a
// local https server that serves the project's files (docs/screenshot-view.png).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { REPO_ROOT, tmpRoot } from '../editor';
import { expect, expectEqual, type Scenario } from '../scenario';
import * as ui from '../ui';

const NAME = 'SSM Association Explorer';
const SETTINGS = ['ssmAssociations.nodes', 'ssmAssociations.profile', 'ssmAssociations.region', 'ssmAssociations.pageSize'];

/** A local https server (self-signed) for the README's pictures; it records the paths asked for. */
async function serveMedia(dir: string): Promise<{ url: string; requests: string[]; close(): void }> {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const requests: string[] = [];
  const docs = path.join(REPO_ROOT, 'docs');
  const server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
    const p = decodeURIComponent(new URL(req.url ?? '/', 'https://x').pathname);
    requests.push(p);
    const file = path.join(docs, path.basename(p));
    if (!p.startsWith('/docs/') || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'image/png' }).end(fs.readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => server.close() };
}

/** The frame of the details page's README (a webview), once it shows the README's first words. */
async function readmeFrame(page: import('playwright-core').Page): Promise<Frame> {
  return ui.poll('the README in the details page', async () => {
    for (const f of page.frames()) {
      if (!f.url().includes('/webview/')) continue;
      const n = await f.locator('h1', { hasText: NAME }).count().catch(() => 0);
      if (n > 0) return f;
    }
    return undefined;
  }, 30_000);
}

const scenario: Scenario = {
  name: '20-extension-details',
  async run(ctx) {
    const dir = fs.mkdtempSync(path.join(tmpRoot(), 'details-'));
    const host = await ctx.step('serve the pictures over https and package with --baseImagesUrl', async () => {
      const h = await serveMedia(dir);
      const vsix = path.join(dir, 'with-images-url.vsix');
      const r = spawnSync(
        path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce'),
        ['package', '--no-dependencies', '--allow-missing-repository', '--baseImagesUrl', `${h.url}/`, '--out', vsix],
        { cwd: REPO_ROOT, encoding: 'utf8' },
      );
      expect(r.status === 0, `vsce package failed: ${r.stdout}\n${r.stderr}`);
      return { ...h, vsix };
    });
    try {
      await ctx.launch({ vsix: host.vsix, ignoreHTTPSErrors: true, openView: false });
      const page = ctx.page;

      await ctx.step('the Extensions view lists it with its icon', async () => {
        await ui.openView(page, 'Extensions');
        // Offline, the view opens on its Installed section.
        const item = page.locator('.extensions-viewlet .monaco-list-row', { hasText: NAME }).first();
        await item.waitFor({ timeout: 30_000 });
        const icon = item.locator('img.icon').first();
        await ui.poll('the icon in the list to load', async () => ((await icon.evaluate((i: HTMLImageElement) => i.naturalWidth)) > 0 ? true : undefined));
        expectEqual(await icon.evaluate((i: HTMLImageElement) => [i.naturalWidth, i.naturalHeight]), [128, 128], 'icon size in the list');
        expect((await icon.getAttribute('src'))?.includes('icon.png'), `list icon src ${await icon.getAttribute('src')}`);
        await item.click();
      });

      await ctx.step('the details page shows icon, name and description', async () => {
        const header = page.locator('.extension-editor .header');
        await header.waitFor({ timeout: 30_000 });
        const text = await header.innerText();
        expect(text.includes(NAME), `header: ${text}`);
        expect(text.includes('Browse AWS Systems Manager State Manager association statuses'), `header: ${text}`);
        const icon = header.locator('img.icon').first();
        await ui.poll('the header icon to load', async () => ((await icon.evaluate((i: HTMLImageElement) => i.naturalWidth)) > 0 ? true : undefined));
        expectEqual(await icon.evaluate((i: HTMLImageElement) => i.naturalWidth), 128, 'header icon width');
      });

      await ctx.step('the README shows the picture, loaded from its https address', async () => {
        const frame = await readmeFrame(page);
        const img = frame.locator('img[alt^="The Managed Nodes view"]').first();
        await img.waitFor({ timeout: ui.DEFAULT_TIMEOUT });
        const size = await ui.poll('the picture to load', async () => {
          const s = await img.evaluate((i: HTMLImageElement) => [i.naturalWidth, i.naturalHeight, i.currentSrc]);
          return (s[0] as number) > 0 ? s : undefined;
        });
        expectEqual(size.slice(0, 2), [1400, 400], 'picture size');
        expectEqual(size[2], `${host.url}/docs/screenshot-view.png`, 'picture address');
        expect(host.requests.includes('/docs/screenshot-view.png'), `requests to the image host: ${host.requests.join(', ')}`);
        await img.scrollIntoViewIfNeeded();
      });
      await ctx.screenshot('details');

      await ctx.step('Features lists the four settings', async () => {
        await page.locator('.extension-editor .navbar .action-label', { hasText: /features/i }).first().click();
        await page.locator('.extension-editor .monaco-list-row', { hasText: /^Settings/ }).first().click();
        const table = page.locator('.extension-editor .subcontent table, .extension-editor table').first();
        await table.waitFor({ timeout: ui.DEFAULT_TIMEOUT });
        const text = await table.innerText();
        for (const id of SETTINGS) expect(text.includes(id), `settings table lacks ${id}: ${text.slice(0, 400)}`);
      });
      await ctx.screenshot('settings');
    } finally {
      host.close();
    }
  },
};
export default scenario;
