// No import circles in src/: every relative import, export-from, import() type and require() counts,
// type-only imports too (a circle of types is still a circle a reader has to untangle).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const SRC = resolve(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The module specifiers a file names: import/export … from, import '…', import('…'), require('…'). */
export function specifiers(text: string): string[] {
  // Comments out (a `//` after a quote or colon, as in a URL, is not one).
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"\\])\/\/.*$/gm, '$1');
  const found: string[] = [];
  for (const pattern of [/\b(?:from|import)\s*['"]([^'"]+)['"]/g, /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g]) {
    for (const match of code.matchAll(pattern)) found.push(match[1]);
  }
  return found;
}

function resolveRelative(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  return [base, `${base}.ts`, join(base, 'index.ts')].find((p) => p.endsWith('.ts') && existsSync(p));
}

/** Each circle (a strongly connected set of two or more files, or a file importing itself), as one path round it. */
export function findCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's strongly connected components.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) components.push(component);
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components.map((component) => cycleThrough(graph, new Set(component)));
}

/** One closed path inside a component, starting at its first file by name: a → b → … → a. */
function cycleThrough(graph: ReadonlyMap<string, readonly string[]>, members: ReadonlySet<string>): string[] {
  const start = [...members].sort()[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const node = queue.shift()!;
    for (const next of graph.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0])!);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const targets = specifiers(readFileSync(file, 'utf8'))
      .map((spec) => resolveRelative(file, spec))
      .filter((p): p is string => p !== undefined);
    graph.set(relative(SRC, file), [...new Set(targets.map((p) => relative(SRC, p)))]);
  }
  return graph;
}

describe('import circles', () => {
  it('src/ has none', () => {
    const graph = importGraph();
    assert.ok(graph.size > 50, `read ${graph.size} files under src/`);
    assert.ok((graph.get('extension.ts') ?? []).length > 3, 'extension.ts imports were found');
    const circles = findCircles(graph).map((c) => c.join(' → '));
    assert.deepEqual(circles, [], `import circles in src/:\n${circles.join('\n')}`);
  });

  it('finds a circle of two, a longer one and a self-import, and names the files in order', () => {
    const graph = new Map<string, string[]>([
      ['a.ts', ['b.ts']],
      ['b.ts', ['a.ts', 'c.ts']],
      ['c.ts', []],
      ['d.ts', ['e.ts']],
      ['e.ts', ['f.ts']],
      ['f.ts', ['d.ts', 'c.ts']],
      ['g.ts', ['g.ts']],
    ]);
    const circles = findCircles(graph).map((c) => c.join(' → ')).sort();
    assert.deepEqual(circles, ['a.ts → b.ts → a.ts', 'd.ts → e.ts → f.ts → d.ts', 'g.ts → g.ts']);
    assert.deepEqual(findCircles(new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', []]])), []);
  });

  it('reads type imports, re-exports, multi-line imports, import() and require(), not comments', () => {
    const text = [
      "import type { A } from './a';",
      'import {',
      '  B,',
      "} from './b';",
      "export { C } from './c';",
      "import './d';",
      "type E = typeof import('./e');",
      "const f = require('./f');",
      "// import { G } from './g';",
      "/* require('./h') */",
      "const url = 'https://example.com'; import { I } from './i';",
    ].join('\n');
    assert.deepEqual(specifiers(text).sort(), ['./a', './b', './c', './d', './e', './f', './i']);
  });
});
