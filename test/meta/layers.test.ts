/**
 * The architecture as a test: every import of the shipped TypeScript (rules/, server/src/,
 * client/src/; tests and `.d.ts` files aside) is read from the source and checked against the layers
 * below, and the modules of rules/ must not import each other in a cycle.
 *
 * rules/, lowest first. A module may import its own folder and the folders of lower rank; never a
 * higher rank, never a sibling folder of the same rank:
 *   0 rules/engine                  types, lint loop, fixer, config: knows no file kind
 *   1 rules/languages               the Dockerfile, shell and Compose models (parsers, no judgement)
 *   2 rules/knowledge               facts about the world the rules judge by (secrets, package managers…)
 *   3 rules/shared, rules/image-facts   checks more than one rule shares (image-facts: base-image config for DF001, DC080, DF071)
 *   4 rules/dockerfile, rules/compose   the rules, one per file
 *   5 rules/index.ts                the registry
 *   6 rules/api.ts                  the engine's public face
 * Type-only imports count like the others, in layers and in cycles: a type is part of a module's
 * interface, and a cycle through types is still two modules that cannot be read one without the other.
 *
 * server/src reaches rules/ only through rules/api.ts, types included: the API is the whole surface,
 * so the engine's files can move without touching the server. In server/src, `cli/` (the CLI) and
 * `lsp/` with `server.ts`, `node.ts`, `browser.ts` (the language server) are two front-ends that never
 * import each other; everything else in server/src (fs/, registry/, walk/…) is shared by both and
 * imports neither. client/src imports from server/src only the contract between the two processes
 * (protocol.ts: messages; launch-options.ts: how the client starts the server), and nothing of rules/.
 * rules/ imports neither server/, client/ nor test/, and no `node:` module, `vscode` or
 * `vscode-languageserver` (it runs in a browser too).
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../..');

export interface ImportRef {
  specifier: string;
  /** `import type`, `export type`, every named specifier marked `type`, or `import('x')` in a type. */
  typeOnly: boolean;
  line: number;
}

/**
 * The source with comments, string and template contents and regular-expression literals blanked
 * (same length, newlines kept), so that text inside them never reads as an import. Quotes stay, so
 * string positions line up with the original.
 */
export function codeOnly(src: string): string {
  const out = src.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  /** Nesting of template literals: for each `${` open, the brace depth it started at. */
  const templates: number[] = [];
  let depth = 0;
  let prev = ''; // last significant character of code, for telling a regex from a division
  let i = 0;
  const n = src.length;
  const readTemplate = () => {
    // at the character after ` or after the } closing a substitution
    const start = i;
    while (i < n) {
      const c = src[i];
      if (c === '\\') i += 2;
      else if (c === '`') {
        blank(start, i);
        i++;
        prev = '`';
        return;
      } else if (c === '$' && src[i + 1] === '{') {
        blank(start, i);
        templates.push(depth);
        depth++;
        i += 2;
        prev = '{';
        return;
      } else i++;
    }
    blank(start, n);
  };
  while (i < n) {
    const c = src[i];
    const next = src[i + 1];
    if (c === '/' && next === '/') {
      const end = src.indexOf('\n', i);
      blank(i, end < 0 ? n : end);
      i = end < 0 ? n : end;
    } else if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      blank(i, end < 0 ? n : end + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < n && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      // Keep short quoted text (module specifiers); it cannot hold a whole import statement anyway.
      if (/[\n;]|\bfrom\b|\bimport\b/.test(src.slice(i + 1, j))) blank(i + 1, j);
      i = j + 1;
      prev = c;
    } else if (c === '`') {
      i++;
      readTemplate();
    } else if (
      c === '/' &&
      (prev === '' || '(,=:[!&|?{};+-*%<>~^'.includes(prev) || /\b(return|typeof|case|do|else|in|of|void|yield|await)$/.test(src.slice(Math.max(0, i - 6), i).trimEnd()))
    ) {
      // A regular-expression literal: up to the closing `/` outside a character class.
      let j = i + 1;
      let inClass = false;
      while (j < n && src[j] !== '\n') {
        if (src[j] === '\\') j++;
        else if (src[j] === '[') inClass = true;
        else if (src[j] === ']') inClass = false;
        else if (src[j] === '/' && !inClass) break;
        j++;
      }
      blank(i + 1, j);
      i = j + 1;
      prev = '/';
    } else {
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (templates.length && templates[templates.length - 1] === depth) {
          templates.pop();
          i++;
          readTemplate();
          continue;
        }
      }
      if (!/\s/.test(c)) prev = /[\w$]/.test(c) ? 'a' : c;
      i++;
    }
  }
  return out.join('');
}

const CLAUSE = String.raw`(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\}|[\w$]+(?:\s*,\s*(?:\{[^}]*\}|\*\s+as\s+[\w$]+))?)`;
const FROM = new RegExp(String.raw`\b(import|export)\s+(type\s+)?(${CLAUSE})\s*from\s*(['"])([^'"\n]+)\4`, 'g');
const BARE = /\bimport\s*(['"])([^'"\n]+)\1/g;
const CALL = /\b(import|require)\s*\(\s*(['"])([^'"\n]+)\2\s*\)/g;

/** Every module a source file imports: static imports and re-exports, side-effect imports, `import()` and `require()` of a literal. */
export function importsOf(src: string): ImportRef[] {
  const code = codeOnly(src);
  const lineAt = (offset: number) => code.slice(0, offset).split('\n').length;
  const out: ImportRef[] = [];
  for (const m of code.matchAll(FROM)) {
    const clause = m[3];
    const named = /^\{([^}]*)\}$/.exec(clause.trim());
    const allTypes =
      !!named &&
      named[1]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .every((s) => /^type\s/.test(s));
    out.push({ specifier: m[5], typeOnly: !!m[2] || allTypes, line: lineAt(m.index) });
  }
  for (const m of code.matchAll(BARE)) out.push({ specifier: m[2], typeOnly: false, line: lineAt(m.index) });
  for (const m of code.matchAll(CALL)) {
    // `import('x').T` in a type position is a type reference.
    const after = code.slice(m.index + m[0].length, m.index + m[0].length + 1);
    out.push({ specifier: m[3], typeOnly: m[1] === 'import' && after === '.', line: lineAt(m.index) });
  }
  return out;
}

/** A module's place: which layer it is in, and which unit (folder) inside it. */
interface Place {
  area: 'rules' | 'server' | 'client' | 'test' | 'other';
  /** For rules/: the rank; for server/src: 'cli' | 'lsp' | 'shared'. */
  rank?: number;
  unit: string;
}

/** rules/ layer ranks, by the path relative to rules/ (a folder, or a file at the top). */
export const RULES_RANKS: Record<string, number> = {
  engine: 0,
  languages: 1,
  knowledge: 2,
  shared: 3,
  'image-facts': 3,
  dockerfile: 4,
  compose: 4,
  'index.ts': 5,
  'api.ts': 6,
};
/** The language server's entry points, part of its front-end. */
const LSP_ENTRIES = new Set(['server.ts', 'node.ts', 'browser.ts']);
/** What the client may import from server/src: the contract between the two processes. */
const CLIENT_CONTRACT = new Set(['server/src/protocol.ts', 'server/src/launch-options.ts']);

export function placeOf(file: string): Place {
  const parts = file.split('/');
  if (parts[0] === 'rules') {
    const unit = parts.length === 2 ? parts[1] : parts[1];
    return { area: 'rules', rank: RULES_RANKS[unit], unit: `rules/${unit}` };
  }
  if (parts[0] === 'server' && parts[1] === 'src') {
    const top = parts[2];
    if (parts.length > 3 && top === 'cli') return { area: 'server', unit: 'cli' };
    if ((parts.length > 3 && top === 'lsp') || (parts.length === 3 && LSP_ENTRIES.has(top))) return { area: 'server', unit: 'lsp' };
    return { area: 'server', unit: 'shared' };
  }
  if (parts[0] === 'client') return { area: 'client', unit: 'client' };
  if (parts[0] === 'test') return { area: 'test', unit: 'test' };
  return { area: 'other', unit: parts[0] };
}

const FORBIDDEN_IN_RULES = /^(node:|vscode$|vscode\/|vscode-languageserver$|vscode-languageserver\/)/;

/** Why an import from `from` to `to` (repository paths; `to` a bare specifier when it is a package) breaks a layer, or undefined. */
export function violation(from: string, to: string, bare: boolean): string | undefined {
  const a = placeOf(from);
  if (bare) {
    if (a.area === 'rules' && FORBIDDEN_IN_RULES.test(to)) return 'rules/ is pure: no node:, vscode or vscode-languageserver';
    return undefined;
  }
  const b = placeOf(to);
  if (a.area === 'rules') {
    if (b.area !== 'rules') return `rules/ imports nothing outside rules/ (${b.area})`;
    if (a.rank === undefined) return `${a.unit} has no layer: add it to RULES_RANKS`;
    if (b.rank === undefined) return `${b.unit} has no layer: add it to RULES_RANKS`;
    if (a.unit === b.unit) return undefined;
    if (b.rank > a.rank) return `upward: ${a.unit} (layer ${a.rank}) imports ${b.unit} (layer ${b.rank})`;
    if (b.rank === a.rank) return `sideways: ${a.unit} and ${b.unit} are siblings (layer ${a.rank})`;
    return undefined;
  }
  if (a.area === 'server') {
    if (b.area === 'rules') return to === 'rules/api.ts' ? undefined : 'server/src reaches rules/ only through rules/api.ts';
    if (b.area === 'client' || b.area === 'test') return `server/src imports nothing of ${b.area}/`;
    if (b.area !== 'server' || a.unit === b.unit || b.unit === 'shared') return undefined;
    if (a.unit === 'shared') return `server/src/${from.split('/')[2]} is shared by both front-ends: it imports neither (here ${b.unit}/)`;
    return `the ${a.unit} front-end imports the ${b.unit} front-end`;
  }
  if (a.area === 'client') {
    if (b.area === 'server') return CLIENT_CONTRACT.has(to) ? undefined : 'client/ imports from server/src only protocol.ts and launch-options.ts';
    if (b.area === 'rules' || b.area === 'test') return `client/ imports nothing of ${b.area}/`;
  }
  return undefined;
}

/** The cycles of a graph (its strongly connected components with more than one module, or a self-import). */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  // Iterative Tarjan: deep graphs must not overflow the call stack.
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: { v: string; next: number }[] = [{ v: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const outs = (graph.get(frame.v) ?? []).filter((w) => graph.has(w));
      if (frame.next < outs.length) {
        const w = outs[frame.next++];
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, next: 0 });
        } else if (onStack.has(w)) low.set(frame.v, Math.min(low.get(frame.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].v;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.v)!));
      }
      if (low.get(frame.v) === index.get(frame.v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.v);
        if (component.length > 1 || (graph.get(frame.v) ?? []).includes(frame.v)) cycles.push(component.sort());
      }
    }
  }
  return cycles;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const rel = `${dir}/${name}`;
    if (name === 'node_modules') continue;
    if (statSync(join(ROOT, rel)).isDirectory()) out.push(...sourceFiles(rel));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** A relative specifier as a repository path (`./x.js` is the TypeScript file `./x.ts`). */
function resolveSpecifier(from: string, specifier: string): string {
  const abs = resolve(ROOT, dirname(from), specifier);
  const candidates = [abs.replace(/\.js$/, '.ts'), `${abs}.ts`, join(abs, 'index.ts'), abs];
  const found = candidates.find((c) => {
    try {
      return statSync(c).isFile();
    } catch {
      return false;
    }
  });
  return relative(ROOT, found ?? abs)
    .split('\\')
    .join('/');
}

function projectGraph() {
  const files = ['rules', 'server/src', 'client/src'].flatMap(sourceFiles);
  return files.map((file) => ({
    file,
    imports: importsOf(readFileSync(join(ROOT, file), 'utf8')).map((ref) => {
      const bare = !ref.specifier.startsWith('.');
      return { ...ref, bare, target: bare ? ref.specifier : resolveSpecifier(file, ref.specifier) };
    }),
  }));
}

describe('import reading (what the layer checks see)', () => {
  it('finds static, multi-line, type-only, re-export, side-effect, dynamic and require imports', () => {
    const src = [
      'import { a,',
      "  b } from './one.js';",
      "import type { T } from './two.js';",
      "import { type U, type V } from './three.js';",
      "import def, { type W } from './four.js';",
      "export * from './five.js';",
      "export { x } from './six.js';",
      "import './seven.js';",
      "const m = await import('./eight.js');",
      "const n = require('node:nine');",
      "let f: import('./ten.js').Flag;",
    ].join('\n');
    assert.deepEqual(
      importsOf(src).map((r) => [r.specifier, r.typeOnly]),
      [
        ['./one.js', false],
        ['./two.js', true],
        ['./three.js', true],
        ['./four.js', false],
        ['./five.js', false],
        ['./six.js', false],
        ['./seven.js', false],
        ['./eight.js', false],
        ['node:nine', false],
        ['./ten.js', true],
      ],
    );
  });

  it('looks risky but is fine: import-like text in comments, strings, templates and regular expressions is not an import', () => {
    const src = [
      '/* import { a } from "../cli/a.js"; */',
      "// import b from '../cli/b.js';",
      'const s = \'import c from "../cli/c.js"\';',
      'const t = `',
      "import d from '../cli/d.js';",
      '${`nested ${"import e from \'../cli/e.js\'"}`}',
      '`;',
      "const r = /import f from '..\\/cli\\/f.js'/;",
      "const q = x / 2; import { g } from './g.js';",
    ].join('\n');
    assert.deepEqual(
      importsOf(src).map((r) => r.specifier),
      ['./g.js'],
    );
  });
});

describe('layer rules (on made-up edges)', () => {
  it('rules/: downward and same-folder imports pass; upward and sideways ones fail', () => {
    // Looks risky but is fine: knowledge reads the language models, a rule reads knowledge.
    assert.equal(violation('rules/knowledge/secrets.ts', 'rules/languages/text-memo.ts', false), undefined);
    assert.equal(violation('rules/compose/no-privileged.ts', 'rules/knowledge/secrets.ts', false), undefined);
    assert.equal(violation('rules/api.ts', 'rules/index.ts', false), undefined);
    assert.match(violation('rules/languages/project.ts', 'rules/knowledge/secrets.ts', false) ?? '', /upward/);
    assert.match(violation('rules/dockerfile/a.ts', 'rules/compose/b.ts', false) ?? '', /sideways/);
    assert.match(violation('rules/engine/lint.ts', 'rules/api.ts', false) ?? '', /upward/);
    assert.match(violation('rules/newfolder/x.ts', 'rules/engine/types.ts', false) ?? '', /no layer/);
    assert.match(violation('rules/languages/x.ts', 'node:fs', true) ?? '', /pure/);
    assert.equal(violation('rules/languages/x.ts', 'yaml', true), undefined);
  });

  it('server and client: front-ends apart, rules through the API only', () => {
    assert.equal(violation('server/src/lsp/x.ts', 'server/src/fs/read.ts', false), undefined);
    assert.equal(violation('server/src/cli/x.ts', 'rules/api.ts', false), undefined);
    assert.match(violation('server/src/lsp/disk-access.ts', 'server/src/cli/config.ts', false) ?? '', /front-end/);
    assert.match(violation('server/src/docs-dir.ts', 'server/src/lsp/uris.ts', false) ?? '', /shared/);
    assert.match(violation('server/src/cli/x.ts', 'rules/engine/types.ts', false) ?? '', /api\.ts/);
    assert.equal(violation('server/src/server.ts', 'server/src/lsp/x.ts', false), undefined);
    assert.equal(violation('client/src/activate.ts', 'server/src/protocol.ts', false), undefined);
    assert.match(violation('client/src/activate.ts', 'server/src/lsp/x.ts', false) ?? '', /protocol/);
  });

  it('finds cycles, type-only ones included, and only cycles', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a', 'e']],
      ['e', []],
      ['f', ['f']],
    ]);
    assert.deepEqual(cyclesOf(graph), [['a', 'b', 'c'], ['f']]);
    // Looks risky but is fine: a diamond (two paths to one module) is not a cycle.
    assert.deepEqual(
      cyclesOf(
        new Map([
          ['a', ['b', 'c']],
          ['b', ['d']],
          ['c', ['d']],
          ['d', []],
        ]),
      ),
      [],
    );
  });
});

describe('the repository keeps its layers', () => {
  const graph = projectGraph();

  it('reads imports from every part (the checks below see the code)', () => {
    for (const part of ['rules/engine/', 'rules/languages/', 'rules/dockerfile/', 'server/src/lsp/', 'server/src/cli/', 'client/src/']) {
      assert.ok(
        graph.some((g) => g.file.startsWith(part) && g.imports.length > 0),
        `no imports read under ${part}`,
      );
    }
  });

  it('no import crosses a layer the wrong way', () => {
    const found: string[] = [];
    for (const { file, imports } of graph) {
      for (const ref of imports) {
        const why = violation(file, ref.target, ref.bare);
        if (why) found.push(`${file}:${ref.line} imports ${ref.target}${ref.typeOnly ? ' (types)' : ''}: ${why}`);
      }
    }
    assert.deepEqual(found, []);
  });

  it('server/src names no rule by its code: which rules a front-end treats specially is rule metadata', () => {
    const found: string[] = [];
    for (const { file } of graph.filter((g) => g.file.startsWith('server/src/'))) {
      const code = codeOnly(readFileSync(join(ROOT, file), 'utf8'));
      for (const m of code.matchAll(/(['"`])(DF|DC)\d{3}\1/g)) found.push(`${file}:${code.slice(0, m.index).split('\n').length}: ${m[0]}`);
    }
    assert.deepEqual(found, []);
  });

  it('no import cycle among the modules of rules/', () => {
    const rules = new Map(graph.filter((g) => g.file.startsWith('rules/')).map((g) => [g.file, g.imports.filter((r) => !r.bare).map((r) => r.target)]));
    assert.deepEqual(cyclesOf(rules), []);
  });
});
