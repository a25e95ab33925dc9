/** Edits of short- and long-syntax mounts, for the mount rules' fixes (DC025, DC026, DC029, DC032). */
import { isAlias, isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import type { SourceText } from '../engine/source.js';
import type { Edit } from '../engine/types.js';
import { addMapKey, removePair, replaceNode, scalarContent } from './compose-edit.js';
import { nodeSpan } from './compose-file.js';
import { type ComposeMount, splitShortSyntax } from './compose-volumes.js';

function mapPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key);
}

/**
 * Rewrites the options of a short-syntax mount (`/a:/b:ro,z` for volumes, `/run:exec,size=1m` for
 * tmpfs) to `options`, dropping the colon when none are left. Only the options are touched, so the
 * source and target stay as written (variables included). Undefined when the scalar cannot be edited
 * in place (escapes, a block scalar, a variable in the options) or the mount is not short syntax.
 */
export function setShortOptions(file: SourceText, mount: ComposeMount, options: string[]): Edit | undefined {
  if (mount.syntax !== 'short' || !isScalar(mount.node)) return undefined;
  const content = scalarContent(file, mount.node);
  if (!content) return undefined;
  const raw = file.text.slice(content.start, content.end);
  let head: string;
  if (mount.key === 'tmpfs') {
    // A tmpfs spec splits at its first colon; the one in a `${VAR:-x}` target does not count.
    head = splitShortSyntax(raw)[0];
  } else {
    const parts = splitShortSyntax(raw);
    if (parts.length < 2 || parts.length > 3) return undefined;
    head = `${parts[0]}:${parts[1]}`;
  }
  const tail = raw.slice(head.length);
  if (tail.includes('$')) return undefined;
  const text = options.length > 0 ? `:${options.join(',')}` : '';
  if (text === tail) return undefined;
  return { start: content.start + head.length, end: content.end, text };
}

/** Sets `read_only: true` on a long-syntax mount: replaces a `read_only` value or adds the key. */
export function setLongReadOnly(file: SourceText, mount: ComposeMount): Edit | undefined {
  if (mount.syntax !== 'long' || !isMap(mount.node)) return undefined;
  const pair = mapPair(mount.node, 'read_only');
  if (pair) return isAlias(pair.value) ? undefined : replaceNode(pair.value as Node, 'true');
  const keySpan = nodeSpan(mount.node);
  return keySpan ? addMapKey(file, { keySpan, node: mount.node }, 'read_only', { scalar: 'true' }) : undefined;
}

/** Removes `bind.propagation` from a long-syntax mount, and `bind:` with it when nothing else is in it. */
export function removeLongPropagation(file: SourceText, mount: ComposeMount): Edit | undefined {
  if (mount.syntax !== 'long' || !isMap(mount.node)) return undefined;
  const bindPair = mapPair(mount.node, 'bind');
  const bind = bindPair?.value;
  if (!bindPair || !isMap(bind)) return undefined;
  const pair = mapPair(bind, 'propagation');
  if (!pair) return undefined;
  const others = bind.items.filter((p) => p !== pair);
  return others.length === 0 ? removePair(file, mount.node, bindPair) : removePair(file, bind, pair);
}
