/** Reads a V8 .cpuprofile (from `node --cpu-prof`) and lists the hottest functions, self and inclusive. */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface HotFunction {
  name: string;
  /** Share of the busy (non-idle) samples. */
  selfPct: number;
  totalPct: number;
}

const IGNORED = new Set(['(idle)', '(program)', '(root)']);

function label(n: ProfileNode): string {
  const f = n.callFrame;
  const file = f.url
    .replace(/^file:\/\//, '')
    .split('/')
    .slice(-2)
    .join('/');
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
}

export function hotFunctions(path: string, top = 15): HotFunction[] {
  const p = JSON.parse(readFileSync(path, 'utf8')) as { nodes: ProfileNode[]; samples: number[] };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const hits = new Map<number, number>();
  for (const s of p.samples) hits.set(s, (hits.get(s) ?? 0) + 1);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let busy = 0;
  for (const [id, count] of hits) {
    const node = byId.get(id)!;
    if (IGNORED.has(node.callFrame.functionName)) continue;
    busy += count;
    self.set(label(node), (self.get(label(node)) ?? 0) + count);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!);
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + count);
    }
  }
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, n]) => ({ name, selfPct: (100 * n) / busy, totalPct: (100 * (total.get(name) ?? n)) / busy }));
}

/** Inclusive share of the busy time for functions whose label contains one of `needles`. */
export function inclusiveShare(path: string, needles: string[]): { name: string; totalPct: number }[] {
  const p = JSON.parse(readFileSync(path, 'utf8')) as { nodes: ProfileNode[]; samples: number[] };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const hits = new Map<number, number>();
  for (const s of p.samples) hits.set(s, (hits.get(s) ?? 0) + 1);
  const total = new Map<string, number>();
  let busy = 0;
  for (const [id, count] of hits) {
    if (IGNORED.has(byId.get(id)!.callFrame.functionName)) continue;
    busy += count;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!);
      if (seen.has(l) || !needles.some((x) => l.includes(x))) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + count);
    }
  }
  return [...total].sort((a, b) => b[1] - a[1]).map(([name, n]) => ({ name, totalPct: (100 * n) / busy }));
}
