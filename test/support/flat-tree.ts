import type { BashNode } from '../../rules/languages/shell-types.js';

/**
 * The tree as one flat list, depth first (each node with its child count): compared without
 * recursion. assert.deepEqual recurses per level, and a script nested a few hundred deep ran out
 * of stack in the one-process unit run, depending on how deep the runner's own frames were.
 */
export function flat(root: BashNode | undefined): unknown[] {
  const out: unknown[] = [];
  const stack = root ? [root] : [];
  while (stack.length) {
    const n = stack.pop()!;
    out.push([n.type, n.named, n.field, n.start, n.end, n.children.length]);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out;
}
