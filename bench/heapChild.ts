// Run by bench/scale.ts as `node --expose-gc --import tsx bench/heapChild.ts`, with the parent's
// environment (profile files and AWS_ENDPOINT_URL_SSM of the parent's endpoint). Prints one line:
// HEAP {"rows":…,"bytes":…,"perThousand":…}
import { createBackend } from '../src/aws/sdk/backend';
import type { Log } from '../src/aws/contract';
import { BIG_COUNT, BIG_NODE, EXTENSION_BACKEND, NODES, View, settingsFor } from './harness';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('heapChild needs --expose-gc');
  process.exit(2);
}

// The extension logs to a file (LogOutputChannel), not to the heap.
const silent: Log = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

async function pageAll(view: View, id: string): Promise<number> {
  await view.open();
  const node = view.node(id);
  view.quiet = true;
  let children = await view.model.getChildren(node);
  while (children.at(-1)?.kind === 'loadMore') {
    const done = view.nextLoad(node);
    view.model.loadMore(node);
    await done;
    children = await view.model.getChildren(node);
  }
  return children.filter((c) => c.kind === 'association').length;
}

async function settledHeap(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc!();
    await new Promise((r) => setImmediate(r));
  }
  return process.memoryUsage().heapUsed;
}

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const backend = createBackend({ log: silent, ...EXTENSION_BACKEND });
  // Warm up: the SDK, the profile's client, the JIT — then the baseline.
  for (let i = 0; i < 3; i++) {
    const warm = new View(backend, settingsFor([NODES.many]));
    await pageAll(warm, NODES.many);
    warm.dispose();
  }
  const before = await settledHeap();
  const view = new View(backend, settingsFor([BIG_NODE]));
  const rows = await pageAll(view, BIG_NODE);
  const after = await settledHeap();
  if (rows !== BIG_COUNT || view.model.loadedAssociations().length !== BIG_COUNT) throw new Error(`loaded ${rows} rows`);
  const bytes = after - before;
  console.log(`HEAP ${JSON.stringify({ rows, bytes, perThousand: (bytes / rows) * 1000 })}`);
  view.dispose();
  backend.reset();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
