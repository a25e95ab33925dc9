/**
 * "Pin to digest", resolving: look up each distinct reference once (a few at a time), then place
 * the edits in the text as it is when the answers come back — the user may have typed meanwhile.
 * No editor types: lsp/pin-digest.ts turns the offsets into an edit and the result into messages.
 */
import { type NormalisedRef, parseNormalisedRef } from '../../../rules/api.js';
import type { Resolved } from './client.js';
import { RegistryError } from './errors.js';
import { type PinTarget, pinnedText } from './pin-targets.js';

/** One reference to pin: its offsets and the text they held when the fix was offered. */
export interface PinItem {
  start: number;
  end: number;
  written: string;
}

export interface PinResult {
  pinned: { reference: string; digest: string; tag: string; source: string; ms: number }[];
  failed: { reference: string; error: string; kind?: string }[];
  skipped: { reference: string; reason: string }[];
  /** Milliseconds for the whole request. */
  ms: number;
}

/** A replacement by offsets in the text `now()` gave. */
export interface PinReplacement {
  start: number;
  end: number;
  newText: string;
}

export interface PinRun {
  /** The text the items were computed on. */
  text: string;
  items: readonly PinItem[];
  /** Looks a reference's digest up (the registry client, with the user's settings and a cancellation signal). */
  resolve(ref: NormalisedRef): Promise<Resolved>;
  /** The text after the lookups and its pin targets (computed only if it changed); undefined: the document is gone. */
  now(): { text: string; targets(): PinTarget[] } | undefined;
}

interface Outcome {
  item: PinItem;
  resolved?: Resolved;
  error?: string;
  kind?: string;
}

const CHANGED = 'the text changed; ask for the fix again';

/** Runs `fn` over `items`, at most `limit` at a time. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Where the items computed on `before` are in `after`, or nothing for those an edit touched. The
 * edits between the two versions lie between the texts' common prefix and suffix; an item entirely
 * outside that region moves with it, and must still be a pin target of the new text (same offsets,
 * same words: typing right after a reference would otherwise extend it).
 */
export function placeItems(before: string, after: string, items: readonly PinItem[], targetsAfter: () => PinTarget[]): Map<PinItem, PinItem> {
  const placed = new Map<PinItem, PinItem>();
  if (after === before) {
    for (const item of items) placed.set(item, item);
    return placed;
  }
  let prefix = 0;
  const max = Math.min(before.length, after.length);
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const shift = after.length - before.length;
  const moved = new Map<PinItem, PinItem>();
  for (const item of items) {
    if (item.end <= prefix) moved.set(item, item);
    else if (item.start >= before.length - suffix) moved.set(item, { ...item, start: item.start + shift, end: item.end + shift });
  }
  if (!moved.size) return placed;
  const targets = targetsAfter();
  for (const [item, at] of moved) {
    if (targets.some((t) => !t.blocked && t.start === at.start && t.end === at.end && t.written === at.written)) placed.set(item, at);
  }
  return placed;
}

/** Resolves every item (one lookup per distinct reference) and places the replacements in the text as it is now. */
export async function runPins(run: PinRun): Promise<{ replacements: PinReplacement[]; result: PinResult; resolutions: Resolved[] }> {
  const t0 = performance.now();
  const lookups = new Map<string, Promise<Resolved>>();
  const outcomes = await mapLimit(run.items, 4, async (item): Promise<Outcome> => {
    if (run.text.slice(item.start, item.end) !== item.written) return { item, error: CHANGED };
    const parsed = parseNormalisedRef(item.written);
    if (!parsed.ok) return { item, error: parsed.error };
    const key = `${parsed.ref.name}:${parsed.ref.tag ?? 'latest'}`;
    let p = lookups.get(key);
    if (!p) {
      p = run.resolve(parsed.ref);
      lookups.set(key, p);
    }
    try {
      return { item, resolved: await p };
    } catch (e) {
      return { item, error: e instanceof Error ? e.message : String(e), kind: e instanceof RegistryError ? e.kind : undefined };
    }
  });
  const now = run.now();
  const placed = now
    ? placeItems(
        run.text,
        now.text,
        outcomes.filter((o) => o.resolved).map((o) => o.item),
        now.targets,
      )
    : new Map<PinItem, PinItem>();
  const result: PinResult = { pinned: [], failed: [], skipped: [], ms: 0 };
  const replacements: PinReplacement[] = [];
  const resolutions: Resolved[] = [];
  for (const o of outcomes) {
    const at = placed.get(o.item);
    if (o.resolved && !at) {
      result.failed.push({ reference: o.item.written, error: CHANGED });
    } else if (o.resolved && at) {
      const ref = parseNormalisedRef(o.item.written);
      if (!ref.ok) continue;
      const r = o.resolved;
      replacements.push({ start: at.start, end: at.end, newText: pinnedText(o.item.written, ref.ref, r.digest) });
      result.pinned.push({ reference: o.item.written, digest: r.digest, tag: r.ref.tag, source: r.source, ms: Math.round(r.ms * 10) / 10 });
      resolutions.push(r);
    } else {
      result.failed.push({ reference: o.item.written, error: o.error ?? 'unknown error', kind: o.kind });
    }
  }
  result.ms = performance.now() - t0;
  return { replacements, result, resolutions };
}

/** One line for the log: what a tag resolved to, and how. */
export function describeResolution(r: Resolved): string {
  const how = r.source === 'cache' ? `cache, ${Math.round(r.ageMs / 1000)} s old${r.stale ? ', stale (offline)' : ''}` : `${r.endpoint}, ${r.auth}`;
  return `pin: ${r.ref.familiar}:${r.ref.tag} → ${r.digest} (${r.isIndex ? 'image index' : 'manifest'}, ${how}, ${Math.round(r.ms)} ms)`;
}
