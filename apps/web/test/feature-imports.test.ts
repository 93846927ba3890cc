import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The console's feature folders (src/features/<feature>) stay apart: a feature uses another only
// through what that feature offers (its `api/` folder and the modules at its root, such as an
// index.ts), never through its `components/`; and no chain of imports leads from a feature back
// to itself. What several features share lives in src/components and src/lib.

const featuresDir = resolve(dirname(fileURLToPath(import.meta.url)), '../src/features');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

interface CrossImport {
  from: string;
  to: string;
  fromFeature: string;
  toFeature: string;
}

/** Every import (static, dynamic, or re-export) from one feature folder into another. */
function crossFeatureImports(): CrossImport[] {
  const found: CrossImport[] = [];
  const specifier = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.[^'"]+)['"]/g;
  for (const file of sourceFiles(featuresDir)) {
    const fromFeature = relative(featuresDir, file).split(sep)[0] ?? '';
    for (const match of readFileSync(file, 'utf8').matchAll(specifier)) {
      const target = resolve(dirname(file), match[1] ?? '');
      const inFeatures = relative(featuresDir, target);
      if (inFeatures.startsWith('..')) continue;
      const toFeature = inFeatures.split(sep)[0] ?? '';
      if (toFeature === fromFeature) continue;
      found.push({
        from: relative(featuresDir, file).split(sep).join('/'),
        to: inFeatures.split(sep).join('/'),
        fromFeature,
        toFeature,
      });
    }
  }
  return found;
}

/** What a feature offers the others: its api folder and the modules at its root. */
function isOffered(path: string): boolean {
  const parts = path.split('/');
  return parts[1] === 'api' || parts.length === 2;
}

/** The cycles of a directed graph, each as the path that closes it. */
export function findCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  function visit(node: string) {
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (onStack.has(next)) cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!done.has(next)) visit(next);
    }
    stack.pop();
    onStack.delete(node);
    done.add(node);
  }
  for (const node of [...edges.keys()].sort()) if (!done.has(node)) visit(node);
  return cycles;
}

describe('console feature folders', () => {
  const imports = crossFeatureImports();

  it('reads the imports between features (the check has something to check)', () => {
    expect(imports.length).toBeGreaterThan(10);
    expect(imports.some((edge) => edge.toFeature === 'auth')).toBe(true);
  });

  it('use another feature only through its api folder and root modules, never its components', () => {
    const private_ = imports.filter((edge) => !isOffered(edge.to)).map((edge) => `${edge.from} → ${edge.to}`);
    expect(private_).toEqual([]);
  });

  it('import one another without a cycle', () => {
    const edges = new Map<string, Set<string>>();
    for (const edge of imports) {
      const targets = edges.get(edge.fromFeature) ?? new Set<string>();
      targets.add(edge.toFeature);
      edges.set(edge.fromFeature, targets);
    }
    const cycles = findCycles(edges).map((cycle) => {
      // Name the files behind each step, so a failure says what to move.
      return cycle
        .slice(1)
        .map((to, index) => {
          const from = cycle[index];
          const files = imports.filter((edge) => edge.fromFeature === from && edge.toFeature === to);
          return `${from} → ${to} (${files.map((edge) => edge.from).join(', ')})`;
        })
        .join('; ');
    });
    expect(cycles).toEqual([]);
  });
});

describe('findCycles', () => {
  it('finds a cycle through three nodes and none in a chain', () => {
    const cyclic = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
    ]);
    expect(findCycles(cyclic)).toEqual([['a', 'b', 'c', 'a']]);
    const chain = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
    ]);
    expect(findCycles(chain)).toEqual([]);
  });
});
