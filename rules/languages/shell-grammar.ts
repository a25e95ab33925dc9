/**
 * The bash grammar (tree-sitter-bash on web-tree-sitter) behind every RUN script. Loading WebAssembly
 * is asynchronous, linting is not: a front-end awaits `initShellGrammar` once (CLI start, language
 * server start, worker start, test `before`) with the two .wasm files' bytes, which it reads the way
 * its platform allows (a file in Node, a fetch in a web worker); after that, parsing is synchronous.
 * Nothing here reads files, so the engine stays free of `node:` imports.
 */
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { readableLength } from './shell-guard.js';
import { asList, pipelineFromList, plainPipelineBars } from './shell-plain-pipeline.js';
import type { BashNode } from './shell-types.js';

export interface ShellGrammarWasm {
  /** web-tree-sitter's runtime: `web-tree-sitter/web-tree-sitter.wasm`. */
  runtime: Uint8Array;
  /** The grammar: `tree-sitter-bash/tree-sitter-bash.wasm` (bytes, or a module compiled by the caller). */
  bash: Uint8Array | WebAssembly.Module;
}

export type { BashNode } from './shell-types.js';

interface Grammar {
  parser: Parser;
  types: string[];
  named: boolean[];
  fields: (string | null)[];
  /** Per node type id: what the copy does with such a node (see NodeRole). */
  roles: Uint8Array;
  /** The runtime's cursor functions, called without the binding's wrappers (undefined: use the binding). */
  cursor: CursorCalls | undefined;
}

/** What the copy does with a node of a type: copy it and its children, copy it alone, or skip it. */
enum NodeRole {
  Copy = 0,
  /** Copied without its children: nothing reads inside it. */
  Leaf = 1,
  /** Not copied: punctuation no reader looks at. */
  Skip = 2,
  /** Copied with its children, whose field names readers ask for. */
  FieldParent = 3,
  /** Not copied, its children are copied in its place: a wrapper around one node (every command's `command_name`). */
  Unwrap = 4,
}

/**
 * web-tree-sitter's cursor functions as the runtime exports them. Each takes the tree's address and
 * reads and writes the cursor in the runtime's transfer buffer; the binding's TreeCursor copies the
 * cursor in and out of that buffer around every call (eight typed-memory accesses per call), which
 * was most of the cost of copying a tree out. Calling them directly leaves the cursor in the buffer
 * for the whole walk: 3× faster. When the runtime does not export them, the binding's cursor is
 * used; a test holds the two walks equal on every shell case (see `bashTreeBothWays`).
 */
interface CursorCalls {
  _ts_tree_root_node_wasm(tree: number): void;
  _ts_tree_cursor_new_wasm(tree: number): void;
  _ts_tree_cursor_delete_wasm(tree: number): void;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
}

const CURSOR_CALLS: (keyof CursorCalls)[] = [
  '_ts_tree_root_node_wasm',
  '_ts_tree_cursor_new_wasm',
  '_ts_tree_cursor_delete_wasm',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
];

/** The runtime's exports, when they are the functions this file calls. */
function cursorCalls(runtime: Record<string, unknown>): CursorCalls | undefined {
  return CURSOR_CALLS.every((name) => typeof runtime[name] === 'function') ? (runtime as unknown as CursorCalls) : undefined;
}

/** The tree's address in the runtime's memory (the binding keeps it at index 0). */
function treeAddress(tree: Tree): number | undefined {
  const address = (tree as unknown as Record<number, unknown>)[0];
  return typeof address === 'number' && address > 0 ? address : undefined;
}

/** The WebAssembly global (the engine's `lib` settings carry no DOM types). */
const wasmApi = (
  globalThis as unknown as { WebAssembly: { Module: abstract new (...args: never[]) => WebAssembly.Module; compile(bytes: Uint8Array): Promise<WebAssembly.Module> } }
).WebAssembly;

let grammar: Grammar | undefined;
let loading: Promise<void> | undefined;

/** Loads the grammar (once; later calls return the same promise). */
export function initShellGrammar(wasm: ShellGrammarWasm): Promise<void> {
  loading ??= (async () => {
    // locateFile: the runtime names its file even when handed the bytes, and by default resolves that
    // name against `import.meta.url`, which a bundled web worker does not have.
    // The options object becomes the runtime's module object: its exports are found on it afterwards.
    const runtime: Record<string, unknown> = { wasmBinary: wasm.runtime, locateFile: (name: string) => name };
    await Parser.init(runtime);
    // Asynchronous compilation: a browser's main thread refuses to compile a large module synchronously.
    const module = wasm.bash instanceof wasmApi.Module ? wasm.bash : await wasmApi.compile(wasm.bash);
    const language = Language.loadSync(module);
    const parser = new Parser();
    parser.setLanguage(language);
    const types: string[] = [];
    const named: boolean[] = [];
    for (let id = 0; id < language.nodeTypeCount; id++) {
      types.push(language.nodeTypeForId(id) ?? 'ERROR');
      named.push(language.nodeTypeIsNamed(id));
    }
    const roles = new Uint8Array(types.length);
    types.forEach((type, id) => {
      roles[id] = UNREAD_TOKENS.has(type)
        ? NodeRole.Skip
        : LEAVES.has(type)
          ? NodeRole.Leaf
          : FIELD_PARENTS.has(type)
            ? NodeRole.FieldParent
            : WRAPPERS.has(type)
              ? NodeRole.Unwrap
              : NodeRole.Copy;
    });
    grammar = { parser, types, named, fields: [...language.fields], roles, cursor: cursorCalls(runtime) };
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

export function shellGrammarReady(): boolean {
  return grammar !== undefined;
}

let refusedParses = 0;

/**
 * How many parses were refused because the grammar was not loaded yet. A front-end that loads it
 * only on demand (the CLI on Compose files) compares this before and after a lint: a change means
 * something read shell, and the lint is run again once the grammar is loaded.
 */
export function shellParsesRefused(): number {
  return refusedParses;
}

/** Thrown when a script is parsed before `initShellGrammar` finished: a front-end forgot to await it. */
export class ShellGrammarNotLoaded extends Error {
  constructor() {
    super('the shell grammar is not loaded: await initShellGrammar(...) before linting');
  }
}

/** The binding copies the input in pieces of this many UTF-16 units. */
const CHUNK = 10 * 1024;

/**
 * How long one parse may take, in ms: a backstop behind shell-guard.ts against error recovery that
 * guard does not know, far above what any script takes (a few ms per KB on a loaded machine).
 */
export function parseBudgetMs(length: number): number {
  return 10_000 + 20 * (length / 1024);
}

const now = () => (globalThis as unknown as { performance: { now(): number } }).performance.now();

/**
 * Parses a bash script (error-tolerant: a half-typed script gives ERROR nodes around what is
 * complete; past MAX_ERRORS costly errors, or MAX_PIPES `|`s in one pipeline, the rest is not
 * read). Undefined when the parse ran over its budget (`parseBudgetMs`): such a text is not a
 * script anyone would run, and reading nothing from it beats freezing the editor.
 */
export function parseBash(script: string): BashNode | undefined {
  if (!grammar) {
    refusedParses++;
    throw new ShellGrammarNotLoaded();
  }
  // A pipeline of plain commands is parsed as the list of the same commands, 4× cheaper (see shell-plain-pipeline.ts).
  const bars = plainPipelineBars(script);
  if (bars) {
    const list = parseText(grammar, asList(script));
    if (!list) return undefined;
    const pipeline = pipelineFromList(list, bars);
    if (pipeline) return pipeline;
  }
  // Past its MAX_ERRORS-th costly syntax error, or its MAX_PIPES-th `|` in one pipeline, a text is not read (see shell-guard.ts).
  const readable = readableLength(script);
  return parseText(grammar, readable < script.length ? script.slice(0, readable) : script);
}

/** Parses `text` and copies its tree out; undefined when the parse ran over its budget. */
function parseText(g: Grammar, text: string): BashNode | undefined {
  const { parser } = g;
  const deadline = now() + parseBudgetMs(text.length);
  const tree = parser.parse((index) => (index < text.length ? text.slice(index, index + CHUNK) : ''), null, {
    progressCallback: () => now() > deadline,
  } as Parameters<Parser['parse']>[2]);
  if (!tree) {
    parser.reset();
    return undefined;
  }
  try {
    const address = g.cursor && treeAddress(tree);
    return address ? copyDirect(g, g.cursor!, address) : copyWithBinding(g, tree);
  } finally {
    tree.delete();
  }
}

/** The node a copy starts with: the root. */
function rootNode(start: number, end: number): BashNode {
  return { type: 'program', named: true, field: undefined, start, end, children: NO_CHILDREN };
}

/**
 * The children of a node that has none (most nodes are words and tokens): one frozen array, so a
 * copy does not allocate one per leaf. A node gets its own array with its first child (`adopt`).
 */
const NO_CHILDREN = Object.freeze([]) as unknown as BashNode[];

function adopt(parent: BashNode, child: BashNode): void {
  if (parent.children === NO_CHILDREN) parent.children = [child];
  else parent.children.push(child);
}

/**
 * Copies the tree with the runtime's cursor functions (see CursorCalls). Iterative: scripts nest
 * tens of thousands deep (`a && a && …` is left-recursive). No other call into the runtime may
 * happen during the walk: the cursor lives in the runtime's transfer buffer.
 */
function copyDirect(g: Grammar, c: CursorCalls, tree: number): BashNode {
  const { types, named, fields, roles } = g;
  c._ts_tree_root_node_wasm(tree);
  c._ts_tree_cursor_new_wasm(tree);
  try {
    const root = rootNode(c._ts_tree_cursor_start_index_wasm(tree), c._ts_tree_cursor_end_index_wasm(tree));
    const stack: BashNode[] = [root];
    const fieldParents: boolean[] = [false];
    if (!c._ts_tree_cursor_goto_first_child_wasm(tree)) return root;
    for (;;) {
      const typeId = c._ts_tree_cursor_current_node_type_id_wasm(tree);
      const role = roles[typeId] ?? NodeRole.Copy;
      let descend = false;
      if (role === NodeRole.Unwrap) {
        // Its children go to its parent: the parent is on the stack again for them.
        if (c._ts_tree_cursor_goto_first_child_wasm(tree)) {
          stack.push(stack[stack.length - 1]);
          fieldParents.push(false);
          descend = true;
        }
      } else if (role !== NodeRole.Skip) {
        const start = c._ts_tree_cursor_start_index_wasm(tree);
        const end = c._ts_tree_cursor_end_index_wasm(tree);
        // Zero-width nodes are what error recovery inserted (a missing `fi`, `)`): they hold no text.
        if (end > start) {
          const fieldId = fieldParents[fieldParents.length - 1] ? c._ts_tree_cursor_current_field_id_wasm(tree) : 0;
          const node: BashNode = {
            type: types[typeId] ?? 'ERROR',
            named: named[typeId] ?? true,
            field: fieldId ? (fields[fieldId] ?? undefined) : undefined,
            start,
            end,
            children: NO_CHILDREN,
          };
          adopt(stack[stack.length - 1], node);
          if (role !== NodeRole.Leaf && c._ts_tree_cursor_goto_first_child_wasm(tree)) {
            stack.push(node);
            fieldParents.push(role === NodeRole.FieldParent);
            descend = true;
          }
        }
      }
      if (descend) continue;
      while (!c._ts_tree_cursor_goto_next_sibling_wasm(tree)) {
        if (stack.length === 1 || !c._ts_tree_cursor_goto_parent_wasm(tree)) return root;
        stack.pop();
        fieldParents.pop();
      }
    }
  } finally {
    c._ts_tree_cursor_delete_wasm(tree);
  }
}

/** Copies the tree through the binding's TreeCursor (the same walk as copyDirect). */
function copyWithBinding(g: Grammar, tree: Tree): BashNode {
  const { types, named, fields, roles } = g;
  const cursor = tree.walk();
  try {
    const root = rootNode(cursor.startIndex, cursor.endIndex);
    const stack: BashNode[] = [root];
    const fieldParents: boolean[] = [false];
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const typeId = cursor.nodeTypeId;
      const role = roles[typeId] ?? NodeRole.Copy;
      let descend = false;
      if (role === NodeRole.Unwrap) {
        if (cursor.gotoFirstChild()) {
          stack.push(stack[stack.length - 1]);
          fieldParents.push(false);
          descend = true;
        }
      } else if (role !== NodeRole.Skip) {
        const start = cursor.startIndex;
        const end = cursor.endIndex;
        if (end > start) {
          const fieldId = fieldParents[fieldParents.length - 1] ? cursor.currentFieldId : 0;
          const node: BashNode = {
            type: types[typeId] ?? 'ERROR',
            named: named[typeId] ?? true,
            field: fieldId ? (fields[fieldId] ?? undefined) : undefined,
            start,
            end,
            children: NO_CHILDREN,
          };
          adopt(stack[stack.length - 1], node);
          if (role !== NodeRole.Leaf && cursor.gotoFirstChild()) {
            stack.push(node);
            fieldParents.push(role === NodeRole.FieldParent);
            descend = true;
          }
        }
      }
      if (descend) continue;
      while (!cursor.gotoNextSibling()) {
        if (stack.length === 1 || !cursor.gotoParent()) return root;
        stack.pop();
        fieldParents.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}

/**
 * For tests: the tree of `script` copied both ways, with the runtime's cursor functions (undefined
 * when the runtime does not export them) and through the binding. They must be equal: a test holds
 * the pinned web-tree-sitter to it, so an upgrade that changes its internals is caught there (a
 * check at every start cost a CLI run 10 ms).
 */
export function bashTreeBothWays(script: string): { direct: BashNode | undefined; binding: BashNode } | undefined {
  if (!grammar) throw new ShellGrammarNotLoaded();
  const tree = grammar.parser.parse(script);
  if (!tree) return undefined;
  try {
    const address = treeAddress(tree);
    return { direct: grammar.cursor && address ? copyDirect(grammar, grammar.cursor, address) : undefined, binding: copyWithBinding(grammar, tree) };
  } finally {
    tree.delete();
  }
}

/** Anonymous tokens no reader needs (quotes, brackets of substitutions and groups, loop keywords). */
const UNREAD_TOKENS = new Set(['"', "'", '`', '$(', '$((', '))', '${', '}', '{', ')', 'do', 'done', 'in', 'esac', 'case', 'for', 'while', 'function', '$', '=', '+=', '$"', "$'"]);
/** Nodes whose children's fields a reader asks for (shell-read.ts). */
const FIELD_PARENTS = new Set(['redirected_statement', 'function_definition', 'case_item', 'heredoc_redirect', 'c_style_for_statement', 'for_statement']);
/**
 * Nodes that only wrap another: `command_name` holds the name's word (or string, expansion…), which
 * the reader takes as the command's first word like any other.
 */
const WRAPPERS = new Set(['command_name']);
/** Nodes whose inside nothing reads: their text is all a reader needs. */
const LEAVES = new Set([
  // Operators: tokens, so no children to look for.
  '|',
  '|&',
  '&&',
  '||',
  ';',
  '&',
  'simple_expansion',
  'variable_name',
  'special_variable_name',
  'string_content',
  'heredoc_content',
  'comment',
  'word',
  'raw_string',
  'ansi_c_string',
  'file_descriptor',
  'test_operator',
  'regex',
  'extglob_pattern',
]);
