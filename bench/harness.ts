// The extension's tree logic driven the way VS Code drives a TreeDataProvider, against the local
// SSM endpoint, with the endpoint's own time per request measured on the server side.
import diagnostics_channel from 'node:diagnostics_channel';
import type { IncomingMessage, Server } from 'node:http';
import type { Backend } from '../src/aws/contract';
import { parseSettings } from '../src/core/settings';
import { LazyBackend } from '../src/aws/lazyBackend';
import { isElementList, type TreeElement, type ItemSpec, type NodeElement, type Redraw } from '../src/tree/elements';
import { NodesTree } from '../src/tree/nodesTree';
import type { TreeModel } from '../src/tree/treeModel';
import { fleetWith, DEMO } from '../test/emulator/index';
import { startWorld, type World } from '../test/integration/helpers';
import { now } from './stats';

/** A node with 10,000 associations (200 pages of 50), next to the default fleet's nodes. */
export const BIG_NODE = 'i-0b1c2d3e4f5a10000';
export const BIG_COUNT = 10_000;
export const NODES = DEMO.nodes;
export const PROFILE = 'ssm-demo';

/** The fleet part (bench/fleet.ts): 250 nodes in each account, and 2,000 in the second account's other region. */
export const FLEET_NODES = {
  demo: Array.from({ length: 250 }, (_, i) => `i-0d${String(i).padStart(15, '0')}`),
  second: Array.from({ length: 250 }, (_, i) => `i-0e${String(i).padStart(15, '0')}`),
  discovery: Array.from({ length: 2_000 }, (_, i) => `i-0f${String(i).padStart(15, '0')}`),
  discoveryRegion: DEMO.otherRegion,
  /** 10,000 nodes of the second account in a region of their own: discovery into the pick. */
  huge: Array.from({ length: 10_000 }, (_, i) => `i-0c${String(i).padStart(15, '0')}`),
  hugeRegion: 'us-west-2',
};

export function benchFleet() {
  return fleetWith(
    [
      { id: BIG_NODE, count: BIG_COUNT },
      ...FLEET_NODES.demo.map((id, i) => ({ id, count: i % 5 === 0 ? 2 : 1 })),
      ...FLEET_NODES.second.map((id) => ({ id, count: 1, account: 'second' as const })),
      ...FLEET_NODES.discovery.map((id) => ({ id, count: 0, account: 'second' as const, region: FLEET_NODES.discoveryRegion })),
      ...FLEET_NODES.huge.map((id) => ({ id, count: 0, account: 'second' as const, region: FLEET_NODES.hugeRegion })),
    ],
    { withDefaultNodes: true },
  );
}

/** The extension's own backend settings (src/extension.ts): 3 attempts, 15 s per request. */
export const EXTENSION_BACKEND = { maxAttempts: 3, requestTimeoutMs: 15_000 } as const;

/**
 * The endpoint's own time per request: from the moment the server has the request's headers to the
 * moment its last response byte is handed to the socket (injected latency, SigV4 check, the
 * operation, JSON). Measured with Node's http diagnostics channels on the emulator's server.
 */
export class EndpointClock {
  private readonly started = new WeakMap<IncomingMessage, number>();
  /** Finished requests: [end time, duration]. */
  private readonly done: [number, number][] = [];
  private readonly onStart = (m: unknown) => {
    const { request, server } = m as { request: IncomingMessage; server: Server };
    if (this.port && (server.address() as { port?: number } | null)?.port !== this.port) return;
    this.started.set(request, now());
  };
  private readonly onFinish = (m: unknown) => {
    const { request } = m as { request: IncomingMessage };
    const t0 = this.started.get(request);
    if (t0 === undefined) return;
    const t1 = now();
    this.done.push([t1, t1 - t0]);
    if (this.done.length > 50_000) this.done.splice(0, 25_000);
  };

  constructor(private readonly port?: number) {
    diagnostics_channel.subscribe('http.server.request.start', this.onStart);
    diagnostics_channel.subscribe('http.server.response.finish', this.onFinish);
  }

  /** Endpoint time of the requests that finished in [from, to]. */
  between(from: number, to: number): { ms: number; requests: number } {
    let total = 0;
    let requests = 0;
    for (let i = this.done.length - 1; i >= 0; i--) {
      const [end, d] = this.done[i];
      if (end < from) break;
      if (end <= to) {
        total += d;
        requests++;
      }
    }
    return { ms: total, requests };
  }

  dispose(): void {
    diagnostics_channel.unsubscribe('http.server.request.start', this.onStart);
    diagnostics_channel.unsubscribe('http.server.response.finish', this.onFinish);
  }
}

export interface Bench {
  world: World;
  clock: EndpointClock;
  /** One backend as the extension builds it (shared, like the extension's lazily loaded layer). */
  backend: Backend;
  stop(): Promise<void>;
}

export async function startBench(): Promise<Bench> {
  const world = await startWorld(benchFleet());
  const clock = new EndpointClock(world.emulator.port);
  const backend = world.backend(EXTENSION_BACKEND);
  return {
    world,
    clock,
    backend,
    async stop() {
      clock.dispose();
      await world.stop();
    },
  };
}

type RawSettings = Parameters<typeof parseSettings>[0];

/**
 * The tree as VS Code's extension host drives it: when the provider fires a change for an element
 * (or the root), the host asks for that element's children again and for the TreeItem of every one
 * of them; children of collapsed nodes are never asked for. `expand` is a click on a twistie.
 */
export class View {
  readonly model: TreeModel;
  /** What the provider gives VS Code (NodesProvider.getTreeItem), as data: the same path, the same item cache. */
  readonly items: NodesTree<ItemSpec>;
  readonly expanded = new Set<string>();
  /** getTreeItem calls made (items built), for the record. */
  itemsBuilt = 0;
  renders = 0;
  private settings;
  /** While true, change events redraw nothing (used to load many pages fast between measured ones). */
  quiet = false;
  private waiters: { node: NodeElement; resolve: () => void }[] = [];
  private loadWaiters: { node: NodeElement; resolve: () => void }[] = [];
  private rootElements: TreeElement[] = [];

  constructor(backend: Backend | (() => Promise<Backend>), raw: RawSettings) {
    this.settings = parseSettings(raw);
    const create = typeof backend === 'function' ? backend : () => backend;
    this.items = new NodesTree<ItemSpec>(
      {
        readSettings: () => this.settings,
        backend: new LazyBackend(create, { requestTimeoutMs: EXTENSION_BACKEND.requestTimeoutMs }),
        // The host hears of a change through an event and an IPC round, never in the same tick.
        onChange: (element) => void setImmediate(() => void this.changed(element)),
        onLoaded: (node) => {
          const ready = this.loadWaiters.filter((w) => w.node === node);
          this.loadWaiters = this.loadWaiters.filter((w) => w.node !== node);
          for (const w of ready) w.resolve();
        },
      },
      (spec) => spec,
    );
    this.model = this.items.model;
  }

  private key(node: NodeElement): string {
    return this.items.itemOf(node).id ?? node.entry.id;
  }

  /** Opening the view: the root's children and their items. */
  async open(): Promise<TreeElement[]> {
    this.rootElements = await this.model.getChildren();
    for (const e of this.rootElements) this.item(e);
    return this.rootElements;
  }

  node(id: string): NodeElement {
    const found = this.rootElements.find((e): e is NodeElement => e.kind === 'node' && e.entry.id === id);
    if (!found) throw new Error(`node ${id} is not listed`);
    return found;
  }

  /** A click on a collapsed node: VS Code asks for its children and their items. */
  async expand(node: NodeElement): Promise<TreeElement[]> {
    this.expanded.add(this.key(node));
    return this.render(node);
  }

  collapse(node: NodeElement): void {
    this.expanded.delete(this.key(node));
    this.model.collapsed(node);
  }

  /** "Load more…" clicked; resolves when the node's children are drawn with the new page. */
  async loadMore(node: NodeElement): Promise<void> {
    const done = this.loaded(node);
    this.model.loadMore(node);
    await done;
  }

  /** Resolves after the next render of `node` whose children show no page loading. */
  loaded(node: NodeElement): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ node, resolve }));
  }

  /** Resolves when the model has finished the next page load of `node` (no redraw awaited). */
  nextLoad(node: NodeElement): Promise<void> {
    return new Promise((resolve) => this.loadWaiters.push({ node, resolve }));
  }

  private item(e: TreeElement): void {
    this.items.itemOf(e);
    this.itemsBuilt++;
  }

  private async render(node: NodeElement): Promise<TreeElement[]> {
    this.renders++;
    const children = await this.model.getChildren(node);
    for (const c of children) this.items.itemOf(c);
    this.itemsBuilt += children.length;
    const last = children.at(-1); // "Load more…" / "Loading…" is always the last child
    if (!(last?.kind === 'loadMore' && this.items.itemOf(last).contextValue === 'loading')) {
      const key = this.key(node);
      const ready = this.waiters.filter((w) => this.key(w.node) === key);
      this.waiters = this.waiters.filter((w) => this.key(w.node) !== key);
      for (const w of ready) w.resolve();
    }
    return children;
  }

  private async changed(element: Redraw): Promise<void> {
    if (this.quiet) return;
    if (isElementList(element)) {
      await Promise.all(element.map((e) => this.changed(e)));
      return;
    }
    if (element === undefined) {
      await this.open();
      await Promise.all(this.rootElements.filter((e): e is NodeElement => e.kind === 'node' && this.expanded.has(this.key(e))).map((n) => this.render(n)));
      return;
    }
    // A refreshed element: its own item again; an expanded node: its children and their items too.
    if (element.kind === 'node' && this.expanded.has(this.key(element))) await this.render(element);
    else this.item(element);
  }

  dispose(): void {
    this.items.dispose();
  }
}

/** Settings of the benchmark: the given node IDs with the demo profile, pages of 50. */
export function settingsFor(nodes: string[], pageSize = 50): RawSettings {
  return { nodes, profile: PROFILE, pageSize };
}

/** `count` syntactically valid instance IDs that are not in the fleet (never fetched). */
export function syntheticNodes(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `i-${(0xf00000 + i).toString(16).padStart(17, '0')}`);
}
