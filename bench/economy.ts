// Item 1: request economy, counted in the endpoint's own request log. Bound = the physical minimum.
import type { RequestLogEntry } from '../test/emulator/index';
import { NODES, View, settingsFor, syntheticNodes, type Bench } from './harness';
import type { Row } from './report';
import { sleep } from './stats';

function describeRequests(log: RequestLogEntry[]): string {
  return log.map((e) => `${e.instanceId ?? '?'}${e.nextToken ? '+token' : ''}`).join(', ');
}

export async function economy(bench: Bench): Promise<Row[]> {
  const { world, backend } = bench;
  const emu = world.emulator;
  emu.clearFaults();
  const rows: Row[] = [];
  const count = (item: string, metric: string, got: number, min: number, detail?: string) =>
    rows.push({ item, metric, figure: `${got} request${got === 1 ? '' : 's'}`, bound: `= ${min}`, pass: got === min, value: got, note: got === min ? undefined : detail });

  // 500 configured nodes (the fleet's real ones among them), the view opened.
  const expandedIds = [NODES.many, NODES.three, NODES.hybrid, NODES.shortId];
  const configured = [...expandedIds, NODES.fillers[0], ...syntheticNodes(495)];
  const view = new View(backend, settingsFor(configured));
  emu.clearLog();
  const root = await view.open();
  await sleep(50);
  if (root.length !== 500) throw new Error(`expected 500 root elements, got ${root.length}`);
  count('1', 'Open the view, 500 configured nodes', emu.log.length, 0, describeRequests(emu.log));

  // Expanding one node.
  const many = view.node(NODES.many);
  emu.clearLog();
  await view.expand(many);
  await sleep(20);
  count('1', 'Expand a node', emu.log.length, 1, describeRequests(emu.log));

  // Each "Load more…" (the second one with a double click).
  emu.clearLog();
  await view.loadMore(many);
  const afterFirst = emu.log.length;
  const done = view.loaded(many);
  view.model.loadMore(many);
  view.model.loadMore(many); // double click
  await done;
  await sleep(20);
  const perLoadMore = [afterFirst, emu.log.length - afterFirst];
  count('1', '"Load more…" ×2 (the 2nd a double click)', emu.log.length, 2, describeRequests(emu.log));
  if (perLoadMore.some((n) => n !== 1)) rows[rows.length - 1].note = `per click: ${perLoadMore.join(', ')}`;

  // Refresh with k = 4 nodes expanded (and one node expanded, then collapsed).
  for (const id of expandedIds.slice(1)) await view.expand(view.node(id));
  const collapsedNode = view.node(NODES.fillers[0]);
  await view.expand(collapsedNode);
  view.collapse(collapsedNode);
  await sleep(20);
  emu.clearLog();
  const reloaded = Promise.all(expandedIds.map((id) => view.loaded(view.node(id))));
  view.model.refreshAll();
  await reloaded;
  await sleep(50);
  const k = expandedIds.length;
  const firstPagesOnly = emu.log.every((e) => e.nextToken === undefined) && new Set(emu.log.map((e) => e.instanceId)).size === emu.log.length;
  count('1', `Refresh with k = ${k} nodes expanded (of 500)`, emu.log.length, k, describeRequests(emu.log));
  if (!firstPagesOnly) {
    rows[rows.length - 1].pass = false;
    rows[rows.length - 1].note = `not one page-1 request per expanded node: ${describeRequests(emu.log)}`;
  }

  // A collapsed node: never fetched — not on Refresh, not on Refresh Node, not after a Load more
  // that was in flight when it was collapsed.
  const aboutCollapsed: RequestLogEntry[] = [];
  const watch = (id: string) => aboutCollapsed.push(...emu.log.filter((e) => e.instanceId === id));
  emu.clearLog();
  view.model.refreshNode(collapsedNode);
  await sleep(30);
  watch(NODES.fillers[0]);
  // Load more in flight (endpoint slowed for this node), then collapse, then Refresh.
  emu.clearLog();
  const three = view.node(NODES.three);
  emu.setFault({ latencyMs: 150 }, NODES.many);
  view.model.loadMore(many); // page 3 requested
  // Until it reaches the endpoint (which then holds it 150 ms): on a loaded machine a fixed 20 ms was
  // sometimes too short, and the request sent before the collapse was counted as one after it.
  for (let i = 0; i < 400 && !emu.log.some((e) => e.instanceId === NODES.many); i++) await sleep(5);
  const collapsedAt = Date.now(); // the request sent before this is not a page of a collapsed node
  view.collapse(many);
  view.model.refreshAll();
  await view.loaded(three);
  await sleep(250);
  emu.clearFaults();
  aboutCollapsed.push(...emu.log.filter((e) => e.instanceId === NODES.many && e.time > collapsedAt));
  watch(NODES.fillers[0]);
  // settings changed (the same nodes): no request for collapsed nodes either
  emu.clearLog();
  view.model.settingsChanged();
  await sleep(100);
  aboutCollapsed.push(...emu.log.filter((e) => e.instanceId === NODES.many || e.instanceId === NODES.fillers[0]));
  count('1', 'Pages fetched for collapsed nodes (Refresh, Refresh Node, settings change, collapse during Load more)', aboutCollapsed.length, 0, describeRequests(aboutCollapsed));
  view.dispose();
  emu.clearLog();
  return rows;
}
