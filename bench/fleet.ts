// Item 6: the fleet. Requests to describe configured nodes (counted in the endpoint's own log),
// none while the view is hidden, discovery of 2,000 nodes, listing 2,000 nodes with summaries.
import { ClientPool } from '../src/aws/sdk/clients';
import { discoverNodes } from '../src/aws/sdk/discovery';
import { MAX_SEARCH_REQUESTS } from '../src/aws/sdk/culprits';
import { fetchNodeInformation } from '../src/aws/sdk/describeNodes';
import type { NodeInformation } from '../src/core/nodeInformation';
import { CappedPickList, PICK_ITEMS_MAX } from '../src/core/pickList';
import { FLEET_NODES, View, type Bench } from './harness';
import type { Row } from './report';
import { median, ms, now, sleep, spread } from './stats';

/** Waits until requests have arrived and none came for 300 ms (the endpoint answers in a few ms). */
async function settled(emuCount: () => number): Promise<void> {
  let last = -1;
  let quietSince = now();
  for (let i = 0; i < 500; i++) {
    await sleep(20);
    const c = emuCount();
    if (c !== last) {
      last = c;
      quietSince = now();
    } else if (c > 0 && now() - quietSince > 300) return;
  }
}

/** Listing 2,000 configured nodes whose summaries are known (seeded from the discovery): timed. */
async function listing(bench: Bench, described: Parameters<View['model']['nodesDescribed']>[1], listRuns: number): Promise<Row> {
  const emu = bench.world.emulator;
  const listSettings = { nodes: FLEET_NODES.discovery.map((id) => ({ id, profile: 'ssm-second', region: FLEET_NODES.discoveryRegion })), profile: 'ssm-demo', pageSize: 50 };
  const listed = new View(bench.backend, listSettings);
  listed.model.nodesDescribed({ profile: 'ssm-second', region: FLEET_NODES.discoveryRegion }, described);
  // The same list without summaries, timed in turn with it: what the summaries add on this machine now.
  const plain = new View(bench.backend, listSettings);
  const once = async (view: View) => {
    const s = now();
    view.model.settingsChanged();
    const root = await view.model.getChildren();
    for (const e of root) view.items.itemOf(e);
    return now() - s;
  };
  for (let i = 0; i < 3; i++) await once(listed), await once(plain);
  emu.clearLog();
  const samples: number[] = [];
  const plainSamples: number[] = [];
  for (let i = 0; i < listRuns; i++) {
    samples.push(await once(listed));
    plainSamples.push(await once(plain));
  }
  const listMedian = median(samples);
  plain.dispose();
  const withOverview = (await listed.model.getChildren()).filter((e) => (listed.model.itemOf(e).description ?? '').length > 0).length;
  const row: Row = {
    item: '6',
    metric: 'List 2,000 configured nodes with their summaries (root listed, 2,000 TreeItems built)',
    figure: `${ms(listMedian)}, ${emu.log.length} requests`,
    bound: '≤ 20 ms (median), 0 requests',
    pass: listMedian <= 20 && emu.log.length === 0 && withOverview === 2_000,
    value: listMedian,
    samples,
    note: `${spread(samples)}; ${withOverview} rows with a computer name and overview; the same 2,000 rows without summaries, timed in turn: ${ms(median(plainSamples))}`,
  };
  listed.dispose();
  return row;
}

export async function fleet(bench: Bench, opts: { listRuns: number }): Promise<{ rows: Row[]; method: string[] }> {
  const emu = bench.world.emulator;
  emu.clearFaults();
  const rows: Row[] = [];
  const describeLog = () => emu.log.filter((e) => e.operation === 'DescribeInstanceInformation');

  // 500 configured nodes over two accounts (250 each, one region).
  const nodes = [...FLEET_NODES.demo, ...FLEET_NODES.second.map((id) => ({ id, profile: 'ssm-second' }))];
  const view = new View(bench.backend, { nodes, profile: 'ssm-demo', pageSize: 50 });
  emu.clearLog();
  await view.open();
  view.model.refreshAll();
  view.model.settingsChanged();
  await view.open();
  await sleep(100);
  const hidden = emu.log.length;
  rows.push({
    item: '6',
    metric: 'View hidden: open, Refresh, settings change with 500 nodes over 2 accounts',
    figure: `${hidden} requests`,
    bound: '= 0',
    pass: hidden === 0,
    value: hidden,
  });
  emu.clearLog();
  view.model.setVisible(true);
  await view.open();
  await settled(() => emu.log.length);
  const perKey = new Map<string, number>();
  for (const e of describeLog()) perKey.set(e.accessKeyId ?? '?', (perKey.get(e.accessKeyId ?? '?') ?? 0) + 1);
  const total = describeLog().length;
  const described = view.model.failingNodes();
  rows.push({
    item: '6',
    metric: 'View shown: describe 500 configured nodes over 2 accounts (250 per (profile, region))',
    figure: `${total} requests (${[...perKey.values()].join(' + ')})`,
    bound: '= 2 × ⌈250/50⌉ = 10',
    pass: total === 10 && [...perKey.values()].every((n) => n === 5) && emu.log.length === total,
    value: total,
    note: `${described} nodes with failed associations counted for the badge; ${emu.log.length - total} other requests`,
  });
  view.dispose();

  // One ID of another account in a batch of 50: the culprit search.
  const pool = new ClientPool({ maxAttempts: 1 });
  emu.clearLog();
  const batch = [...FLEET_NODES.demo.slice(0, 49), FLEET_NODES.second[0]];
  const found = await fetchNodeInformation(pool, bench.world.log, { profile: 'ssm-demo' }, batch, new AbortController().signal);
  rows.push({
    item: '6',
    metric: '50 IDs, one of them another account\'s: requests until the other 49 are described',
    figure: `${found.requests} requests (${found.found.length} described, ${found.invalid.length} refused, ${found.notFound.length} not returned)`,
    bound: '≤ 14 (1 + 5 slices + 2 per halving)',
    pass: found.requests <= 14 && found.found.length === 49,
    value: found.requests,
    note: found.invalid.length ? undefined : 'the endpoint omitted the foreign ID instead of refusing the batch: no search needed',
  });

  // IDs of another account (and region): the culprit search's worst case, counted at the endpoint.
  for (const n of [50, 500]) {
    emu.clearLog();
    const foreign = FLEET_NODES.discovery.slice(0, n);
    const refused = await fetchNodeInformation(pool, bench.world.log, { profile: 'ssm-demo' }, foreign, new AbortController().signal);
    const atEndpoint = describeLog().length;
    const batches = Math.ceil(n / 50);
    rows.push({
      item: '6',
      metric: `${n} IDs of another account: requests until every one is answered`,
      figure: `${atEndpoint} requests (${refused.refusedTogether.length} reported refused together, ${refused.invalid.length} one by one)`,
      bound: `≤ ${7 * batches} (7 per batch of 50); any input ≤ ${MAX_SEARCH_REQUESTS * batches}`,
      pass: atEndpoint <= 7 * batches && refused.refusedTogether.length + refused.invalid.length === n,
      value: atEndpoint,
      note: 'before the bound: 99 per batch of 50 (990 for 500)',
    });
  }

  // Discovery: 2,000 nodes in one account and region.
  emu.clearLog();
  const t0 = now();
  let firstAt: number | undefined;
  let requestsAtFirst = 0;
  const result = await discoverNodes(pool, bench.world.log, { profile: 'ssm-second', region: FLEET_NODES.discoveryRegion }, [], {
    signal: new AbortController().signal,
    onNodes: () => {
      if (firstAt === undefined) {
        firstAt = now() - t0;
        requestsAtFirst = describeLog().length;
      }
    },
  });
  const totalMs = now() - t0;
  const discoveryRequests = describeLog().length;
  rows.push({
    item: '6',
    metric: 'Discover 2,000 nodes (Add Managed Nodes from Account…)',
    figure: `${discoveryRequests} requests; first 50 after request ${requestsAtFirst} (${ms(firstAt ?? NaN)} of ${ms(totalMs)})`,
    bound: '= ⌈2000/50⌉ = 40; first items after page 1',
    pass: discoveryRequests === 40 && requestsAtFirst === 1 && result.nodes.length === 2_000,
    value: discoveryRequests,
  });

  // Discovery of 10,000 nodes into the pick (as the command feeds it): requests, and items sent to the pick.
  emu.clearLog();
  const pick = new CappedPickList<NodeInformation>(PICK_ITEMS_MAX, (n) => `${n.ComputerName ?? ''} ${n.InstanceId} ${n.PlatformName ?? ''}`);
  let wholeList = 0;
  const huge = await discoverNodes(pool, bench.world.log, { profile: 'ssm-second', region: FLEET_NODES.hugeRegion }, [], {
    signal: new AbortController().signal,
    onNodes: (added, total) => {
      pick.add(added, []);
      // What re-sending the whole list on every page would send.
      wholeList += total;
    },
  });
  const hugeRequests = describeLog().length;
  rows.push({
    item: '6',
    metric: 'Discover 10,000 nodes into the pick: requests, and items sent to the pick',
    figure: `${hugeRequests} requests; ${pick.sent.toLocaleString('en-US')} items sent in ${pick.updates} updates, at most ${PICK_ITEMS_MAX} held`,
    bound: `= 200 requests; items sent ≤ ${(PICK_ITEMS_MAX * 5.5).toLocaleString('en-US')}`,
    pass: hugeRequests === 200 && huge.nodes.length === 10_000 && pick.sent <= PICK_ITEMS_MAX * 5.5 && pick.total === 10_000,
    value: pick.sent,
    note: `the whole list on every page would have sent ${wholeList.toLocaleString('en-US')} items in ${huge.pages} updates`,
  });

  // Listing 2,000 configured nodes whose summaries are known (timed: not in the guards-only run).
  if (opts.listRuns > 0) rows.push(await listing(bench, result.nodes, opts.listRuns));
  pool.reset();
  emu.clearLog();
  return {
    rows,
    method: [
      `Fleet: the TreeModel driven as the host does (bench/harness.ts View) with 250 nodes in each of two accounts; "hidden" = the model never told the view is visible (as VS Code does while the view is collapsed or in another container). Culprit search: fetchNodeInformation on 50 IDs of which one is another account's, then on 50 and 500 IDs all of the second account's other region (the endpoint names the first refused ID of each request). Discovery: discoverNodes (the command's AWS side) over 2,000 nodes of the second account in ${FLEET_NODES.discoveryRegion}, MaxResults 50, endpoint at 0 ms. Discovery into the pick: discoverNodes over 10,000 nodes of the second account in ${FLEET_NODES.hugeRegion}, each page handed to the pick's list (CappedPickList, as the command does); "items sent" counts every item of every list handed to the pick.${opts.listRuns > 0 ? ` Listing: settingsChanged + root + every TreeItem, ${opts.listRuns} runs after 3 warm-ups, summaries known (seeded from the discovery).` : ''}`,
    ],
  };
}
