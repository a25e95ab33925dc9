/**
 * The bash grammar (tree-sitter-bash on web-tree-sitter) behind every RUN script. Loading WebAssembly
 * is asynchronous, linting is not: a front-end awaits `initShellGrammar` once (CLI start, language
 * server start, worker start, test `before`) with the two .wasm files' bytes, which it reads the way
 * its platform allows (a file in Node, a fetch in a web worker); after that, parsing is synchronous.
 * Nothing here reads files, so the engine stays free of `node:` imports.
 */
import { Language, Parser } from 'web-tree-sitter';
import { readableLength } from './shell-guard.js';

export interface ShellGrammarWasm {
  /** web-tree-sitter's runtime: `web-tree-sitter/web-tree-sitter.wasm`. */
  runtime: Uint8Array;
  /** The grammar: `tree-sitter-bash/tree-sitter-bash.wasm` (bytes, or a module compiled by the caller). */
  bash: Uint8Array | WebAssembly.Module;
}

/** A syntax node, copied out of WebAssembly memory in one pass (reading nodes through the binding costs a call per field). */
export interface BashNode {
  type: string;
  /** Named node (`command`, `word`) or anonymous token (`|`, `then`). */
  named: boolean;
  /** The field this node fills in its parent (`name`, `argument`, `condition`…). */
  field: string | undefined;
  /** UTF-16 offsets into the parsed text. */
  start: number;
  end: number;
  children: BashNode[];
}

interface Grammar {
  parser: Parser;
  types: string[];
  named: boolean[];
  fields: (string | null)[];
}

/** The WebAssembly global (the engine's `lib` settings carry no DOM types). */
const wasmApi = (globalThis as unknown as { WebAssembly: { Module: abstract new (...args: never[]) => WebAssembly.Module; compile(bytes: Uint8Array): Promise<WebAssembly.Module> } }).WebAssembly;

let grammar: Grammar | undefined;
let loading: Promise<void> | undefined;

/** Loads the grammar (once; later calls return the same promise). */
export function initShellGrammar(wasm: ShellGrammarWasm): Promise<void> {
  loading ??= (async () => {
    // locateFile: the runtime names its file even when handed the bytes, and by default resolves that
    // name against `import.meta.url`, which a bundled web worker does not have.
    await Parser.init({ wasmBinary: wasm.runtime, locateFile: (name: string) => name });
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
    grammar = { parser, types, named, fields: [...language.fields] };
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

export function shellGrammarReady(): boolean {
  return grammar !== undefined;
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
 * complete; past MAX_ERRORS costly errors the rest is not read). Undefined when the parse ran over
 * its budget (`parseBudgetMs`): such a text is not a script anyone would run, and reading nothing
 * from it beats freezing the editor.
 */
export function parseBash(script: string): BashNode | undefined {
  if (!grammar) throw new ShellGrammarNotLoaded();
  const { parser, types, named, fields } = grammar;
  // Past its MAX_ERRORS-th costly syntax error a text is not read (error recovery is quadratic).
  const readable = readableLength(script);
  const text = readable < script.length ? script.slice(0, readable) : script;
  const deadline = now() + parseBudgetMs(text.length);
  const tree = parser.parse((index) => (index < text.length ? text.slice(index, index + CHUNK) : ''), null, {
    progressCallback: () => now() > deadline,
  } as Parameters<Parser['parse']>[2]);
  if (!tree) {
    parser.reset();
    return undefined;
  }
  const cursor = tree.walk();
  try {
    // Iterative: scripts nest tens of thousands deep (`a && a && …` is left-recursive).
    const root: BashNode = { type: 'program', named: true, field: undefined, start: cursor.startIndex, end: cursor.endIndex, children: [] };
    const stack: BashNode[] = [root];
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const typeId = cursor.nodeTypeId;
      const start = cursor.startIndex;
      const end = cursor.endIndex;
      const parent = stack[stack.length - 1];
      const type = types[typeId] ?? 'ERROR';
      // Zero-width nodes are what error recovery inserted (a missing `fi`, `)`): they hold no text.
      // Punctuation no reader looks at is not copied (each field read is a call into WebAssembly).
      let node: BashNode | undefined;
      if (end > start && !UNREAD_TOKENS.has(type)) {
        const fieldId = FIELD_PARENTS.has(parent.type) ? cursor.currentFieldId : 0;
        node = { type, named: named[typeId] ?? true, field: fieldId ? (fields[fieldId] ?? undefined) : undefined, start, end, children: [] };
        parent.children.push(node);
      }
      if (node && !LEAVES.has(node.type) && cursor.gotoFirstChild()) {
        stack.push(node);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (stack.length === 1 || !cursor.gotoParent()) return root;
        stack.pop();
      }
    }
  } finally {
    cursor.delete();
    tree.delete();
  }
}

/** Anonymous tokens no reader needs (quotes, brackets of substitutions and groups, loop keywords). */
const UNREAD_TOKENS = new Set(['"', "'", '`', '$(', '$((', '))', '${', '}', '{', ')', 'do', 'done', 'in', 'esac', 'case', 'for', 'while', 'function', '$', '=', '+=', '$"', '$\'']);
/** Nodes whose children's fields a reader asks for. */
const FIELD_PARENTS = new Set(['redirected_statement', 'function_definition', 'case_item', 'heredoc_redirect', 'c_style_for_statement', 'for_statement', 'command', 'while_statement', 'if_statement']);
/** Nodes whose inside nothing reads: their text is all a reader needs. */
const LEAVES = new Set(['simple_expansion', 'variable_name', 'special_variable_name', 'string_content', 'heredoc_content', 'comment', 'word', 'raw_string', 'ansi_c_string', 'file_descriptor', 'test_operator', 'regex', 'extglob_pattern']);
