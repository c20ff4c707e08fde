// Run by bench/footprint.ts as plain `node bench/activateChild.cjs DIST_DIR` (no tsx: nothing but
// the bundle is loaded). Loads dist/extension.js with a stand-in 'vscode' module, activates it,
// lists the root, then expands one node, and reports what the extension logged and when the AWS
// layer (dist/aws.js) was loaded. This is NOT the real extension host (see bench/editorBench.ts);
// it shows the same figures without an editor. Prints one line: ACTIVATE {...}
'use strict';
const t0 = performance.now();
const Module = require('node:module');
const path = require('node:path');

const dist = path.resolve(process.argv[2]);
const lines = [];
let provider;

/** Anything: callable, constructible, every property another such thing; not a thenable. */
function anything(name) {
  const fn = function () {};
  return new Proxy(fn, {
    get(_t, key) {
      if (key === 'then') return undefined;
      if (key === Symbol.toPrimitive) return () => `[${name}]`;
      if (key === 'dispose') return () => undefined;
      return anything(`${name}.${String(key)}`);
    },
    set() {
      return true;
    },
    apply() {
      return anything(`${name}()`);
    },
    construct() {
      return anything(`new ${name}`);
    },
  });
}

const settings = JSON.parse(process.env.BENCH_SETTINGS || '{}');
class EventEmitter {
  constructor() {
    this.listeners = [];
    this.event = (l) => {
      this.listeners.push(l);
      return { dispose() {} };
    };
  }
  fire(e) {
    for (const l of this.listeners) l(e);
  }
  dispose() {}
}
const log = (level) => (message) => lines.push({ t: performance.now(), level, message });
const vscode = {
  EventEmitter,
  TreeItem: class {
    constructor(label, collapsibleState) {
      this.label = label;
      this.collapsibleState = collapsibleState;
    }
  },
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  QuickPickItemKind: { Separator: -1, Default: 0 },
  ExtensionMode: { Production: 1, Development: 2, Test: 3 },
  workspace: new Proxy(
    {
      getConfiguration: () => ({ get: (k) => settings[k], inspect: () => undefined, update: async () => undefined, has: () => false }),
      onDidChangeConfiguration: () => ({ dispose() {} }),
      isTrusted: true,
    },
    { get: (t, k) => (k in t ? t[k] : anything(`workspace.${String(k)}`)) },
  ),
  window: new Proxy(
    {
      createOutputChannel: () => ({ trace: log('trace'), debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), appendLine: log('info'), dispose() {}, show() {} }),
      createTreeView: (id, options) => {
        // The Managed Nodes view is the one expanded below (the Associations view is created too).
        if (id === 'ssmAssociations.nodes') provider = options.treeDataProvider;
        // A view that is not shown: the AWS layer must then stay unloaded (it loads when the view shows).
        return { visible: false, onDidChangeVisibility: () => ({ dispose() {} }), onDidCollapseElement: () => ({ dispose() {} }), onDidExpandElement: () => ({ dispose() {} }), dispose() {} };
      },
    },
    { get: (t, k) => (k in t ? t[k] : anything(`window.${String(k)}`)) },
  ),
};
// The rest of the API: stand-ins (the bundle copies the module's own properties at load).
for (const name of ['commands', 'env', 'Uri', 'ThemeIcon', 'ThemeColor', 'MarkdownString', 'Disposable', 'extensions', 'l10n', 'languages', 'ProgressLocation', 'ViewColumn', 'Range', 'Position', 'CancellationTokenSource', 'LogLevel', 'version']) {
  vscode[name] = anything(`vscode.${name}`);
}

const originalLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  return originalLoad.call(this, request, parent, isMain);
};

const awsLoaded = () => Object.keys(require.cache).some((f) => f === path.join(dist, 'aws.js') || /[\\/]@aws-sdk[\\/]/.test(f));

async function main() {
  const tRequire = performance.now();
  const ext = require(path.join(dist, 'extension.js'));
  const tLoaded = performance.now();
  const context = { subscriptions: [], extensionMode: 1, extensionUri: anything('uri'), globalState: anything('globalState'), workspaceState: anything('workspaceState') };
  ext.activate(context);
  const tActivated = performance.now();
  const result = {
    processToRequireMs: tRequire - t0,
    requireMs: tLoaded - tRequire,
    activateMs: tActivated - tLoaded,
    activatedLine: lines.find((l) => l.message.startsWith('Activated:'))?.message,
    awsAfterActivate: awsLoaded(),
  };
  const root = await provider.getChildren();
  result.rootElements = root.length;
  result.awsAfterListing = awsLoaded();
  if (process.env.BENCH_EXPAND === '1' && root[0]) {
    const t = performance.now();
    const children = await provider.getChildren(root[0]);
    for (const c of children) provider.getTreeItem(c);
    result.firstExpandMs = performance.now() - t;
    result.firstExpandChildren = children.length;
    result.awsAfterExpand = awsLoaded();
    result.awsLine = lines.find((l) => l.message.startsWith('Backend loaded'))?.message;
    result.requestLine = lines.find((l) => l.message.startsWith('DescribeInstanceAssociationsStatus'))?.message;
  }
  console.log(`ACTIVATE ${JSON.stringify(result)}`);
  for (const d of context.subscriptions) {
    try {
      d && typeof d.dispose === 'function' && d.dispose();
    } catch {
      /* stand-ins */
    }
  }
  setTimeout(() => process.exit(0), 10).unref();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
