// Bundles the `bosun` CLI, for scripts/build.mjs, the benchmark and the tests alike:
//   cli.js                 the launcher (bin): runs the rest through a V8 code cache (server/src/cli/launcher.ts)
//   cli-main.js            the CLI, engine and rules
//   cli-yaml.js            `yaml`, required only when a Compose file or a .bosun.yaml is read
//   cli-dockerfile-ast.js  `dockerfile-ast`, required only when a Dockerfile is parsed
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Packages moved to chunks of their own, by the chunk's name. */
export const LAZY_CHUNKS = { yaml: 'cli-yaml', 'dockerfile-ast': 'cli-dockerfile-ast' };

/**
 * Imports of a lazy package become stubs (one per function or object the package exports) that load
 * the chunk on first use and then rebind every import to the real export, so later uses go straight
 * to it. A stub is a Proxy: calling it, `new`-ing it or reading a property (`DockerfileParser.parse`,
 * `visit.BREAK`) loads the chunk. Other exports (strings, numbers) are left out: importing one fails the build.
 */
function lazyChunksPlugin(root) {
  const requireFromRoot = createRequire(join(root, 'package.json'));
  const names = Object.keys(LAZY_CHUNKS);
  const filter = new RegExp(`^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|')})$`);
  return {
    name: 'bosun-lazy-chunks',
    setup(b) {
      b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'bosun-lazy' }));
      b.onResolve({ filter: /^\.\/cli-[\w-]+\.js$/, namespace: 'bosun-lazy' }, (args) => ({ path: args.path, external: true }));
      b.onLoad({ filter: /.*/, namespace: 'bosun-lazy' }, (args) => {
        const real = requireFromRoot(args.path);
        const kinds = new Map();
        for (const k of Object.keys(real).sort()) {
          const kind = typeof real[k];
          if ((kind === 'function' || (kind === 'object' && real[k] !== null)) && /^[A-Za-z_$][\w$]*$/.test(k)) kinds.set(k, kind);
        }
        const fns = [...kinds.keys()];
        const lines = [
          `// Lazy stubs for ${args.path} (scripts/cli-build.mjs).`,
          'let real;',
          'function load() {',
          '  if (real === undefined) {',
          `    real = require(${JSON.stringify(`./${LAZY_CHUNKS[args.path]}.js`)});`,
          ...fns.map((k) => `    ${k} = real.${k};`),
          '  }',
          '  return real;',
          '}',
          'const stub = (name, target) => new Proxy(target, {',
          '  apply: (_, self, args) => Reflect.apply(load()[name], self, args),',
          '  construct: (_, args) => Reflect.construct(load()[name], args),',
          '  get: (_, key) => load()[name][key],',
          '});',
          ...fns.map((k) => `export let ${k} = stub(${JSON.stringify(k)}, ${kinds.get(k) === 'function' ? 'function () {}' : '{}'});`),
        ];
        return { contents: lines.join('\n'), loader: 'js', resolveDir: root };
      });
    },
  };
}

/** The bash grammar's WebAssembly files (read at start by server/src/shell-grammar-node.ts), by their name in the bundle. */
export const GRAMMAR_FILES = { 'web-tree-sitter.wasm': 'web-tree-sitter/web-tree-sitter.wasm', 'tree-sitter-bash.wasm': 'tree-sitter-bash/tree-sitter-bash.wasm' };

/** Copies the grammar's .wasm files beside the bundles in `outdir`. */
export function copyGrammar(root, outdir) {
  const requireFromRoot = createRequire(join(root, 'package.json'));
  mkdirSync(outdir, { recursive: true });
  for (const [name, from] of Object.entries(GRAMMAR_FILES)) copyFileSync(requireFromRoot.resolve(from), join(outdir, name));
}

/**
 * web-tree-sitter's CommonJS build for every Node bundle: its ES module build loads `module` with a
 * dynamic import(), which the CLI's code-cached script (server/src/cli/launcher.ts) cannot run.
 */
export function webTreeSitterCjsPlugin(root) {
  const requireFromRoot = createRequire(join(root, 'package.json'));
  return {
    name: 'bosun-web-tree-sitter-cjs',
    setup(b) {
      b.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: requireFromRoot.resolve('web-tree-sitter') }));
    },
  };
}

/**
 * Non-ASCII characters of a bundle written as `\u` escapes. esbuild escapes them in strings, but not
 * in the comments it keeps (a class member's doc comment) nor in regular expressions: one `…` made the
 * launcher decode the whole megabyte as UTF-8 into a two-byte string, twice the memory, at every start.
 * An escape means the same character in a string, a regular expression, an identifier or a comment
 * (astral characters as their two UTF-16 halves, which a regular expression matches either way).
 */
export function asciiOnly(code) {
  return code.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Builds the CLI into `outdir`; `common` holds the options every bundle shares (define, target, source maps…). */
export async function buildCli(root, outdir, common) {
  const options = { ...common, bundle: true, platform: 'node', format: 'cjs', absWorkingDir: root, outdir, plugins: [webTreeSitterCjsPlugin(root)] };
  copyGrammar(root, outdir);
  await Promise.all([
    build({ ...options, entryPoints: { cli: 'server/src/cli/bin.ts' }, banner: { js: '#!/usr/bin/env node' } }),
    build({ ...options, entryPoints: { 'cli-main': 'server/src/cli/main.ts' }, plugins: [lazyChunksPlugin(root), webTreeSitterCjsPlugin(root)] }),
    // No `module` condition: dockerfile-ast require()s vscode-languageserver-types, whose ES build would be
    // wrapped for require() (a getter on every access); its CommonJS build parses ~8% faster.
    ...Object.entries(LAZY_CHUNKS).map(([pkg, chunk]) => build({ ...options, entryPoints: { [chunk]: pkg }, conditions: [] })),
  ]);
  for (const name of ['cli', 'cli-main', ...Object.values(LAZY_CHUNKS)]) {
    const file = join(outdir, `${name}.js`);
    const code = readFileSync(file, 'utf8');
    const ascii = asciiOnly(code);
    if (ascii !== code) writeFileSync(file, ascii);
  }
  return { cli: join(outdir, 'cli.js') };
}
