import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Areas (the folders of packages/core/src and apps/web/src/features) may depend on one another,
// but never in a circle: a cycle means two areas are one, or a rule sits in the wrong one.

const repo = path.resolve(import.meta.dirname, '../../..');
const IMPORT = /(?:import|export)\s(?:[^'"]*?\sfrom\s)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

/** area → the other areas its files import (relative imports only: packages are not areas). */
export function areaGraph(root: string): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const area of readdirSync(root).filter((name) => statSync(path.join(root, name)).isDirectory())) {
    const edges = new Set<string>();
    for (const file of filesUnder(path.join(root, area))) {
      for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const target = match[1] ?? match[2] ?? '';
        if (!target.startsWith('.')) continue;
        const relative = path.relative(root, path.resolve(path.dirname(file), target));
        const other = relative.split(path.sep)[0];
        if (other && other !== area && !other.startsWith('..') && !/\.tsx?$/.test(other)) edges.add(other);
      }
    }
    graph.set(area, edges);
  }
  return graph;
}

/** Every pair of areas that reach each other, as "a ↔ b" (a before b), through any path. */
export function cyclesOf(graph: Map<string, Set<string>>): string[] {
  const reach = (from: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [...(graph.get(from) ?? [])];
    while (stack.length) {
      const next = stack.pop() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(graph.get(next) ?? []));
    }
    return seen;
  };
  const reaches = new Map([...graph.keys()].map((area) => [area, reach(area)]));
  const cycles: string[] = [];
  for (const [a, fromA] of reaches) {
    for (const b of fromA) if (a < b && reaches.get(b)?.has(a)) cycles.push(`${a} ↔ ${b}`);
  }
  return cycles.sort();
}

// Cycles in areas other sessions are reshaping this round, each named with its owner: the test
// fails when one of them is gone (remove it here then) or when any other cycle appears.
// Console feature folders are checked by apps/web/test/feature-imports.test.ts (no cycle, and only
// through a feature's api/ or root modules).
const KNOWN_CYCLES: Record<string, string[]> = {
  'packages/core/src': [],
};

describe('area imports', () => {
  it('finds a cycle when there is one, through any path', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(cyclesOf(graph)).toEqual(['a ↔ b', 'a ↔ c', 'b ↔ c']);
    expect(
      cyclesOf(
        new Map([
          ['a', new Set(['b'])],
          ['b', new Set<string>()],
        ]),
      ),
    ).toEqual([]);
  });

  it.each(Object.entries(KNOWN_CYCLES))('has no cycle between the areas of %s', (root, known) => {
    const graph = areaGraph(path.join(repo, root));
    expect(graph.size).toBeGreaterThan(5);
    expect(cyclesOf(graph)).toEqual(known);
  });

  it('keeps sync free of deployments and tokens, and jobs free of every area', () => {
    const graph = areaGraph(path.join(repo, 'packages/core/src'));
    expect([...(graph.get('sync') ?? [])]).not.toContain('deployments');
    expect([...(graph.get('sync') ?? [])]).not.toContain('tokens');
    expect([...(graph.get('jobs') ?? [])]).toEqual([]);
  });
});
