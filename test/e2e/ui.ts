/**
 * Small helpers for driving the VS Code workbench DOM (as served by code-server) the way a user
 * does: click, right-click, hover, type. Every wait is on something the user would see (a row, a
 * menu, a toast, a hover), each with a timeout; nothing sleeps and then asserts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';

export const VIEW_CONTAINER_TITLE = 'SSM Associations';
export const VIEW_NAME = 'Managed Nodes';
export const DEFAULT_TIMEOUT = 15_000;

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Exact (whole text, trimmed) or substring match as a RegExp. */
function textMatcher(text: string | RegExp, exact: boolean): RegExp {
  if (text instanceof RegExp) return text;
  return exact ? new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`) : new RegExp(escapeRegExp(text));
}

export async function poll<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = DEFAULT_TIMEOUT,
  intervalMs = 100,
): Promise<T> {
  const started = Date.now();
  let lastError: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v as T;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// ---------------------------------------------------------------- view container and tree

export function sidebar(page: Page): Locator {
  return page.locator('.part.sidebar');
}

/** Opens the SSM Associations view container via its activity bar item (if not already open). */
export async function openView(page: Page, title = VIEW_CONTAINER_TITLE): Promise<void> {
  const item = page.locator(`.part.activitybar .action-item [aria-label^="${title}"], .part.activitybar .action-item[aria-label^="${title}"]`).first();
  await item.waitFor({ state: 'visible', timeout: 30_000 });
  const title$ = sidebar(page).locator('.composite.title .title-label');
  const already = await title$.first().textContent({ timeout: 1000 }).catch(() => '');
  if (!already || !already.toUpperCase().includes(title.toUpperCase())) await item.click();
  await moveMouseAway(page); // the activity bar item's own hover would cover the tree
  await poll(`the "${title}" side bar`, async () => {
    const t = await title$.first().textContent({ timeout: 1000 }).catch(() => '');
    return !!t && t.toUpperCase().includes(title.toUpperCase());
  });
}

/** The tree of the view (the only list in the side bar when our container is open). */
export function tree(page: Page): Locator {
  return sidebar(page).locator('.monaco-list').first();
}

export function rows(page: Page): Locator {
  return sidebar(page).locator('.monaco-list-row');
}

/** A tree row whose label (`.label-name`) matches; exact match by default. */
export function row(page: Page, label: string | RegExp, opts: { exact?: boolean } = {}): Locator {
  return rows(page).filter({ has: page.locator('.label-name', { hasText: textMatcher(label, opts.exact ?? true) }) });
}

export async function waitForRow(page: Page, label: string | RegExp, opts: { exact?: boolean; timeout?: number } = {}): Promise<Locator> {
  const r = row(page, label, opts).first();
  await r.waitFor({ state: 'visible', timeout: opts.timeout ?? DEFAULT_TIMEOUT });
  return r;
}

/**
 * Waits until a node row shows its summary (DescribeInstanceInformation answered and drawn). With
 * summaries on, a scenario that reads a node row's description after expanding waits for this first,
 * so that the summaries' redraw of the row comes before the node's own redraw after its first page.
 */
export async function waitForSummary(page: Page, label: string, pattern: RegExp, timeout = DEFAULT_TIMEOUT): Promise<void> {
  await poll(`the summary of ${label}`, async () => (pattern.test((await rowInfo(row(page, label, { exact: true }).first())).description) ? true : undefined), timeout);
}

export async function waitForNoRow(page: Page, label: string | RegExp, opts: { exact?: boolean; timeout?: number } = {}): Promise<void> {
  await row(page, label, opts).first().waitFor({ state: 'detached', timeout: opts.timeout ?? DEFAULT_TIMEOUT });
}

export interface RowInfo {
  label: string;
  description: string;
  ariaLabel: string;
  level: number;
  expanded: boolean | undefined;
  setSize: number | undefined;
  posInSet: number | undefined;
  /** Codicon / theme-icon classes of the row's icon (e.g. "codicon-pass"). */
  iconClasses: string[];
  /** Inline color of the icon, if any (ThemeIcon with a ThemeColor). */
  iconColor: string;
}

// Runs in the page (given to evaluateAll). No named functions inside it: tsx (esbuild keepNames)
// would wrap them in a `__name` helper that does not exist in the page.
const readRows = (els: Element[]) =>
  els.map((el) => {
    const classes = new Set<string>();
    el.querySelectorAll('[class*="codicon-"]').forEach((n) => n.classList.forEach((c) => { if (c.startsWith('codicon-')) classes.add(c); }));
    const colorSource = el.querySelector('.custom-view-tree-node-item-icon') as HTMLElement | null;
    const expanded = el.getAttribute('aria-expanded');
    const setSize = el.getAttribute('aria-setsize');
    const posInSet = el.getAttribute('aria-posinset');
    return {
      top: el.getBoundingClientRect().top,
      info: {
        label: el.querySelector('.label-name')?.textContent?.trim() ?? '',
        description: el.querySelector('.label-description')?.textContent?.trim() ?? '',
        ariaLabel: el.getAttribute('aria-label') ?? '',
        level: Number(el.getAttribute('aria-level') ?? '0'),
        expanded: expanded === null ? undefined : expanded === 'true',
        setSize: setSize === null ? undefined : Number(setSize),
        posInSet: posInSet === null ? undefined : Number(posInSet),
        iconClasses: [...classes],
        iconColor: colorSource ? colorSource.style.color || getComputedStyle(colorSource).color : '',
      },
    };
  });

/** What the user sees of a row: label, description, icon, and the tree's aria attributes. */
export async function rowInfo(r: Locator): Promise<RowInfo> {
  await r.waitFor({ state: 'attached' });
  const [row] = await r.evaluateAll(readRows);
  return row.info;
}

/** All rendered rows, top to bottom (one round trip; the list positions rows absolutely, so DOM
 *  order is not always visual order). */
export async function visibleRows(page: Page): Promise<RowInfo[]> {
  const found = await rows(page).evaluateAll(readRows);
  return found.sort((a, b) => a.top - b.top).map((x) => x.info);
}

export async function expand(page: Page, label: string | RegExp, opts: { exact?: boolean } = {}): Promise<Locator> {
  const r = await waitForRow(page, label, opts);
  if ((await r.getAttribute('aria-expanded')) !== 'true') {
    await r.locator('.monaco-tl-twistie').click();
    await poll(`row ${String(label)} to expand`, async () => (await row(page, label, opts).first().getAttribute('aria-expanded')) === 'true');
  }
  return row(page, label, opts).first();
}

export async function collapse(page: Page, label: string | RegExp, opts: { exact?: boolean } = {}): Promise<Locator> {
  const r = await waitForRow(page, label, opts);
  if ((await r.getAttribute('aria-expanded')) === 'true') {
    await r.locator('.monaco-tl-twistie').click();
    await poll(`row ${String(label)} to collapse`, async () => (await row(page, label, opts).first().getAttribute('aria-expanded')) === 'false');
  }
  return row(page, label, opts).first();
}

function rowsKey(list: RowInfo[]): string {
  return list.map((r) => `${r.level}:${r.posInSet}:${r.label}:${r.description}`).join('|');
}

/** The rendered rows once two consecutive reads (a few animation frames apart) agree. */
export async function settledRows(page: Page, timeout = DEFAULT_TIMEOUT): Promise<RowInfo[]> {
  let last = await visibleRows(page);
  return poll('the tree to settle', async () => {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 30)))));
    const now = await visibleRows(page);
    const same = rowsKey(now) === rowsKey(last);
    last = now;
    return same ? now : undefined;
  }, timeout, 0);
}

/**
 * Scrolls the tree with the keyboard, as a keyboard user does: Home / End move the tree's focus to
 * the first / last row and reveal it; PageDown moves a page. (The tree virtualises its rows: only
 * those in view are in the DOM. Mouse-wheel deltas are rescaled by the editor and proved not to
 * be a dependable way to scroll a given distance.) Focus moves, the selection does not, and no
 * row's command runs.
 */
export async function scrollTree(page: Page, to: 'top' | 'bottom' | 'pageDown'): Promise<RowInfo[]> {
  const list = tree(page);
  const focused = await list.evaluate((el) => el.contains(document.activeElement));
  if (!focused) await list.focus();
  await page.keyboard.press(to === 'top' ? 'Home' : to === 'bottom' ? 'End' : 'PageDown');
  return settledRows(page);
}

/** All rows of the tree, top to bottom, by paging through it (see scrollTree). */
export async function allRowsByScrolling(page: Page): Promise<RowInfo[]> {
  let vis = await scrollTree(page, 'top');
  const seen = new Map<string, RowInfo>();
  const order: string[] = [];
  let lastEdge = '';
  for (let i = 0; i < 500; i++) {
    for (const r of vis) {
      const k = `${r.level}:${r.posInSet}:${r.label}:${r.ariaLabel}`;
      if (!seen.has(k)) {
        seen.set(k, r);
        order.push(k);
      }
    }
    const edge = vis[vis.length - 1];
    const key = edge ? `${edge.level}:${edge.posInSet}:${edge.label}` : '';
    if (key === lastEdge) break; // PageDown moved nothing: the end
    lastEdge = key;
    vis = await scrollTree(page, 'pageDown');
    // The first PageDown only moves the focus to the last row in view; the next ones scroll.
    if (i === 0) vis = await scrollTree(page, 'pageDown');
  }
  return order.map((k) => seen.get(k)!);
}

// ---------------------------------------------------------------- menus

/** The context menu / dropdown menu currently shown (VS Code renders it in a shadow root; Playwright pierces it). */
export function menu(page: Page): Locator {
  return page.locator('.context-view .monaco-menu, .monaco-menu-container .monaco-menu').first();
}

export async function menuItems(page: Page): Promise<string[]> {
  const m = menu(page);
  await m.waitFor({ state: 'visible', timeout: DEFAULT_TIMEOUT });
  const labels = await m.locator('.action-item:not(.disabled) .action-label').allTextContents();
  return labels.map((s) => s.trim()).filter(Boolean);
}

export async function contextMenu(page: Page, target: Locator): Promise<string[]> {
  await target.click({ button: 'right' });
  return menuItems(page);
}

/** Right-clicks `target` and picks the menu item whose label is `item`. */
export async function pickContextMenu(page: Page, target: Locator, item: string | RegExp): Promise<void> {
  await settledRows(page);
  await target.click({ button: 'right' });
  const m = menu(page);
  await m.waitFor({ state: 'visible', timeout: DEFAULT_TIMEOUT });
  const entry = m.locator('.action-item', { has: page.locator('.action-label', { hasText: textMatcher(item, true) }) }).first();
  await entry.waitFor({ state: 'visible', timeout: DEFAULT_TIMEOUT });
  // A plain click right after the menu opened is sometimes swallowed by the menu (it guards
  // against the mouse-up of the right-click that opened it). Hovering focuses the item, as for
  // a user, and Enter runs it; this is deterministic.
  await entry.hover();
  await poll(`menu item ${String(item)} to be focused`, async () => ((await entry.getAttribute('class')) ?? '').includes('focused'));
  await page.keyboard.press('Enter');
  await m.waitFor({ state: 'hidden', timeout: DEFAULT_TIMEOUT });
}

/** Clicks an inline action (icon button) of a row, by its title (aria-label). */
export async function clickInlineAction(r: Locator, title: string): Promise<void> {
  // A row drawn again between mouse-down and mouse-up loses the click: let the tree settle first.
  await settledRows(r.page());
  await r.hover();
  await r.locator(`.actions .action-label[aria-label^="${title}"]`).first().click();
}

/** Clicks a view title action (e.g. Refresh), by its title. */
export async function clickViewAction(page: Page, title: string): Promise<void> {
  // A container with one view shows the view's actions in the container's title; with several
  // views they are in the view's pane header (always shown: editor.ts sets
  // workbench.view.alwaysShowHeaderActions). Row actions (also `.actions`) are not matched.
  // The pointer is parked first: a hover left over the pane headers (the container title's, seen
  // in CI) takes the click, and Playwright would retry on it until the timeout.
  const action = sidebar(page)
    .locator(`.composite.title .action-label[aria-label="${title}"], .pane-header .action-label[aria-label="${title}"]`)
    .filter({ visible: true })
    .first();
  for (let attempt = 1; ; attempt++) {
    await dismissHover(page);
    try {
      await action.click({ timeout: attempt < 3 ? 10_000 : DEFAULT_TIMEOUT });
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

// ---------------------------------------------------------------- hovers

export interface HoverContent {
  text: string;
  html: string;
  /** Number of <a> elements inside the hover. */
  links: number;
  /** Tag names of the elements inside the rendered hover content. */
  tags: string[];
}

export function hoverWidget(page: Page): Locator {
  return page.locator('.workbench-hover, .monaco-hover:not(.hidden)').filter({ visible: true }).first();
}

/** Hovers `target` and reads the tooltip VS Code shows for it. */
export async function readHover(page: Page, target: Locator, timeout = DEFAULT_TIMEOUT): Promise<HoverContent> {
  // Move away first and let any earlier hover go, so that the hover read is the target's. A row
  // drawn again under the pointer shows no hover until the pointer enters it anew: try up to 3 times.
  const w = hoverWidget(page);
  for (let attempt = 1; ; attempt++) {
    await dismissHover(page);
    const label = target.locator('.label-name').first();
    await label.hover();
    const shown = await w.waitFor({ state: 'visible', timeout: attempt < 3 ? Math.min(5_000, timeout) : timeout }).then(() => true, (e: unknown) => {
      if (attempt >= 3) throw e;
      return false;
    });
    // Another element's hover (the activity bar's, left from an earlier move on a loaded machine)
    // is not the target's: only a hover beside the target counts.
    if (shown && (await hoverIsBeside(w, label))) break;
    if (attempt >= 3) throw new Error('the hover shown is not beside the hovered element');
  }
  // The content of a lazily resolved tooltip arrives after the widget: wait for non-empty text.
  // While resolveTreeItem runs, VS Code shows "Loading..." in the widget.
  await poll('hover content', async () => {
    const text = (await w.innerText()).trim();
    return text.length > 0 && !/^Loading\W*$/.test(text) ? true : undefined;
  }, timeout);
  const content = w.locator('.hover-contents, .rendered-markdown').first();
  const src = (await content.count()) > 0 ? content : w;
  return src.evaluate((el) => ({
    text: (el as HTMLElement).innerText,
    html: el.innerHTML,
    links: el.querySelectorAll('a').length,
    tags: [...new Set([...el.querySelectorAll('*')].map((n) => n.tagName.toLowerCase()))],
  }));
}

/**
 * True when the hover widget is the one VS Code places at the pointer over `target`: it starts no
 * further left than the target, just below it (or just above, near the bottom of the window).
 */
async function hoverIsBeside(hover: Locator, target: Locator): Promise<boolean> {
  const [h, t] = await Promise.all([hover.boundingBox(), target.boundingBox()]);
  if (!h || !t) return false;
  const below = h.y >= t.y && h.y - (t.y + t.height) < 80;
  const above = h.y + h.height <= t.y + t.height && t.y - (h.y + h.height) < 80;
  return h.x >= t.x - 10 && (below || above);
}

/** Moves the mouse to a neutral spot (the editor area) and waits until no hover is shown. */
export async function dismissHover(page: Page): Promise<void> {
  await moveMouseAway(page);
  await page
    .locator('.workbench-hover, .monaco-hover:not(.hidden)')
    .filter({ visible: true })
    .first()
    .waitFor({ state: 'hidden', timeout: 5000 })
    .catch(() => undefined);
}

/** Parks the mouse over the empty editor area, where nothing shows a hover. */
export async function moveMouseAway(page: Page): Promise<void> {
  const vp = page.viewportSize() ?? { width: 1400, height: 900 };
  await page.mouse.move(Math.round(vp.width * 0.7), Math.round(vp.height * 0.6));
}

// ---------------------------------------------------------------- quick input (palette, pick, input box)

export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

export async function waitForQuickInput(page: Page): Promise<Locator> {
  const q = quickInput(page);
  await q.waitFor({ state: 'visible', timeout: DEFAULT_TIMEOUT });
  return q;
}

export function quickInputBox(page: Page): Locator {
  return quickInput(page).locator('.quick-input-box input');
}

/** Rows of the quick pick currently shown (their labels). */
export async function quickPickItems(page: Page): Promise<string[]> {
  const q = await waitForQuickInput(page);
  const list = q.locator('.quick-input-list .monaco-list-row');
  await list.first().waitFor({ state: 'visible', timeout: DEFAULT_TIMEOUT });
  // The first .label-name of a row is its label; description and detail come after it.
  return list.evaluateAll((els) => els.map((el) => el.querySelector('.label-name')?.textContent?.trim() ?? ''));
}

/** Runs a command from the command palette by its full title ("SSM Associations: Copy Association ID"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  // No Escape beforehand: in a focused tree, Escape clears the selection that the command may act on.
  if (await quickInput(page).isVisible()) await closeQuickInput(page);
  await page.keyboard.press('F1');
  const q = await waitForQuickInput(page);
  const box = quickInputBox(page);
  await box.fill(`>${title}`);
  // Enter only once the palette shows this command as the first (selected) entry.
  const first = q.locator('.quick-input-list .monaco-list-row').first();
  await poll(`"${title}" in the command palette`, async () => {
    const label = (await first.getAttribute('aria-label', { timeout: 1000 })) ?? '';
    return label.startsWith(title) ? true : undefined;
  });
  await box.press('Enter');
  // Wait until the palette has gone (hidden, or replaced by the command's own quick input), so a
  // following read of the quick input is not the palette's.
  await poll(`the command palette to close after "${title}"`, async () => {
    if (!(await q.isVisible())) return true;
    const v = await box.inputValue({ timeout: 1000 }).catch(() => '');
    return v.startsWith('>') ? undefined : true;
  });
}

/** Picks the quick pick entry with this label (types it into the filter, then Enter on it). */
export async function pickQuickItem(page: Page, label: string | RegExp, opts: { type?: boolean } = {}): Promise<void> {
  const q = await waitForQuickInput(page);
  if (opts.type !== false && typeof label === 'string') await quickInputBox(page).fill(label);
  const item = q.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: textMatcher(label, true) }) }).first();
  await item.waitFor({ state: 'visible', timeout: DEFAULT_TIMEOUT });
  await item.click();
}

/** Types into an input box and returns the validation message shown, if any, without accepting. */
export async function typeInInputBox(page: Page, value: string): Promise<void> {
  await waitForQuickInput(page);
  await quickInputBox(page).fill(value);
}

/** The validation message of the open input box ('' when there is none). */
export async function inputBoxMessage(page: Page): Promise<string> {
  const msg = quickInput(page).locator('.quick-input-message');
  if (!(await msg.isVisible())) return '';
  return ((await msg.textContent()) ?? '').trim();
}

export async function waitForInputBoxMessage(page: Page, text: string | RegExp, timeout = DEFAULT_TIMEOUT): Promise<string> {
  const re = textMatcher(text, false);
  return poll(`input box message ${String(text)}`, async () => {
    const m = await inputBoxMessage(page);
    return re.test(m) ? m : undefined;
  }, timeout);
}

export async function acceptInput(page: Page): Promise<void> {
  await quickInputBox(page).press('Enter');
}

export async function closeQuickInput(page: Page): Promise<void> {
  if (await quickInput(page).isVisible()) {
    await page.keyboard.press('Escape');
    await quickInput(page).waitFor({ state: 'hidden', timeout: DEFAULT_TIMEOUT });
  }
}

// ---------------------------------------------------------------- notifications, status bar, dialogs

export function toasts(page: Page): Locator {
  return page.locator('.notifications-toasts .notification-toast');
}

/** Messages of the notification toasts currently shown. */
export async function notifications(page: Page): Promise<string[]> {
  const msgs = await page.locator('.notifications-toasts .notification-toast .notification-list-item-message').allInnerTexts();
  return msgs.map((s) => s.trim());
}

/** Waits for a toast whose message matches; returns its full text. */
export async function waitForNotification(page: Page, text: string | RegExp, timeout = DEFAULT_TIMEOUT): Promise<string> {
  const t = toasts(page).filter({ hasText: textMatcher(text, false) }).first();
  await t.waitFor({ state: 'visible', timeout });
  return ((await t.locator('.notification-list-item-message').innerText()) ?? '').trim();
}

export async function clearNotifications(page: Page): Promise<void> {
  const all = await toasts(page).all();
  for (const t of all) {
    await t.hover().catch(() => undefined);
    await t.locator('.codicon-notifications-clear, .action-label[aria-label^="Clear"]').first().click({ timeout: 2000 }).catch(() => undefined);
  }
}

/** Texts of the status bar items (their visible text, or aria-label when they show only an icon). */
export async function statusBarItems(page: Page): Promise<string[]> {
  const items = await page.locator('.part.statusbar .statusbar-item').all();
  const out: string[] = [];
  for (const i of items) {
    const text = ((await i.innerText().catch(() => '')) || '').trim();
    out.push(text || ((await i.getAttribute('aria-label')) ?? ''));
  }
  return out.filter(Boolean);
}

export async function waitForStatusBar(page: Page, text: string | RegExp, timeout = DEFAULT_TIMEOUT): Promise<string> {
  const re = textMatcher(text, false);
  return poll(`status bar item ${String(text)}`, async () => (await statusBarItems(page)).find((s) => re.test(s)), timeout);
}

/** A modal dialog (VS Code's own, in the page). */
export function dialog(page: Page): Locator {
  return page.locator('.monaco-dialog-box');
}

// ---------------------------------------------------------------- clipboard, external pages

export async function readClipboard(page: Page): Promise<string> {
  await page.bringToFront();
  return page.evaluate(() => navigator.clipboard.readText());
}

export async function writeClipboard(page: Page, text: string): Promise<void> {
  await page.bringToFront();
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
}

/**
 * Stubs every page navigation to a host other than the editor's, so that pages opened by
 * `vscode.env.openExternal` load (the network is closed) and their URLs can be read.
 * The stubbed URLs are recorded in the returned array.
 */
export async function stubExternalPages(context: BrowserContext, editorUrl: string): Promise<string[]> {
  const opened: string[] = [];
  const editorOrigin = new URL(editorUrl).origin;
  await context.route(
    (u) => u.origin !== editorOrigin && (u.protocol === 'https:' || u.protocol === 'http:'),
    async (route) => {
      if (route.request().resourceType() === 'document') {
        opened.push(route.request().url());
        await route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>external</title><p>external page (stubbed by the e2e test)</p>' });
      } else {
        await route.abort();
      }
    },
  );
  return opened;
}

/**
 * Runs `action` and returns the URL of the page it makes the browser open (openExternal opens
 * a new tab in code-server). If VS Code asks "Do you want ... to open the external website?",
 * the helper answers "Open", as a user would.
 */
export async function captureExternalPage(page: Page, action: () => Promise<void>, timeout = DEFAULT_TIMEOUT): Promise<string> {
  const context = page.context();
  const popup = context.waitForEvent('page', { timeout });
  // Marked handled now: when the action or the race below fails first, its later timeout must not
  // end the whole run as an unhandled rejection (it is still awaited where it matters).
  popup.catch(() => undefined);
  await action();
  const confirm = dialog(page).locator('.monaco-button', { hasText: /^Open$/ }).first();
  const raced = await Promise.race([
    popup.then((p) => ({ kind: 'page' as const, p })),
    confirm.waitFor({ state: 'visible', timeout }).then(() => ({ kind: 'dialog' as const })),
  ]);
  if (raced.kind === 'dialog') console.log('    (answered VS Code\'s "open the external website?" dialog with Open)');
  const newPage = raced.kind === 'page' ? raced.p : (await confirm.click(), await popup);
  await poll('the external page URL', async () => (newPage.url() && newPage.url() !== 'about:blank' ? true : undefined), timeout);
  const url = newPage.url();
  await newPage.close().catch(() => undefined);
  await page.bringToFront();
  return url;
}

/** Asserts that no new page opens during `ms` after `action` (used for "nothing opens"). */
export async function expectNoExternalPage(page: Page, action: () => Promise<void>, ms = 3000): Promise<void> {
  const context = page.context();
  let opened: string | undefined;
  const onPage = (p: Page) => (opened = p.url() || 'about:blank');
  context.on('page', onPage);
  try {
    await action();
    const confirm = dialog(page);
    await confirm.waitFor({ state: 'visible', timeout: ms }).then(
      () => {
        throw new Error('a dialog to open an external page appeared');
      },
      () => undefined,
    );
  } finally {
    context.off('page', onPage);
  }
  if (opened) throw new Error(`a page opened: ${opened}`);
}

// ---------------------------------------------------------------- screenshots

export async function screenshot(page: Page, dir: string, step: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${step.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file });
  return file;
}

// ---------------------------------------------------------------- welcome view

export function welcomeView(page: Page): Locator {
  return sidebar(page).locator('.welcome-view-content').first();
}

/** The welcome view's text paragraphs and its button labels. */
export async function readWelcomeView(page: Page, timeout = DEFAULT_TIMEOUT): Promise<{ text: string[]; buttons: string[] }> {
  const w = welcomeView(page);
  await w.waitFor({ state: 'visible', timeout });
  const buttons = (await w.locator('.monaco-button').allInnerTexts()).map((s) => s.trim()).filter(Boolean);
  const text = (await w.locator('p').allInnerTexts()).map((s) => s.trim()).filter(Boolean);
  return { text, buttons };
}

// ---------------------------------------------------------------- layout

/** Collapses or expands a pane of the container by its header. */
export async function togglePane(page: Page, title: string, expanded: boolean): Promise<void> {
  const header = sidebar(page).locator('.pane-header', { hasText: title }).first();
  if ((await header.getAttribute('aria-expanded')) !== String(expanded)) await header.click();
  await poll(`pane ${title} ${expanded ? 'expanded' : 'collapsed'}`, async () => ((await header.getAttribute('aria-expanded')) === String(expanded) ? true : undefined));
}

/** Drags the sash between the side bar and the editor so that the side bar is `width` px wide. */
export async function setSidebarWidth(page: Page, width: number): Promise<void> {
  const bar = await sidebar(page).boundingBox();
  if (!bar) throw new Error('the side bar is not visible');
  const right = bar.x + bar.width;
  const sashes = await page.locator('.monaco-sash.vertical').all();
  for (const s of sashes) {
    const b = await s.boundingBox();
    if (!b || Math.abs(b.x + b.width / 2 - right) > 6) continue;
    const y = b.y + b.height / 2;
    await page.mouse.move(b.x + b.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(bar.x + width, y, { steps: 8 });
    await page.mouse.up();
    await moveMouseAway(page);
    return;
  }
  throw new Error('no sash found at the side bar\'s edge');
}
