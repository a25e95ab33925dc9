// The web extension's bundles, for scripts/build.mjs: dist/web/client.js (the web worker extension
// host's entry, `browser` in package.json) and dist/web/server.js (the language server's worker).
// Both are built for the browser: a Node module anywhere in their import graph fails the build,
// naming who imported it, instead of failing at run time on vscode.dev.
import { builtinModules } from 'node:module';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * dockerfile-language-service's tag completion asks Docker Hub for an image's tags over `https`.
 * Bosun contacts no registry while you type (server/src/lsp/dockerfile-features.ts turns that lookup
 * off); in the web build the module it would use is replaced by one that refuses.
 */
const NO_NETWORK = 'module.exports = new Proxy({}, { get() { throw new Error("Bosun: no network from the Dockerfile language service"); } });';

function noNodeModules() {
  return {
    name: 'bosun-no-node-modules',
    setup(b) {
      b.onResolve({ filter: /^[\w:/-]+$/ }, (args) => {
        if (!NODE_BUILTINS.has(args.path)) return undefined;
        if (args.path === 'https' && /[\\/]dockerfile-language-service[\\/]/.test(args.importer)) return { path: 'https', namespace: 'bosun-no-network' };
        return { errors: [{ text: `"${args.path}" (a Node module) imported by ${args.importer}: the web build must not use Node modules` }] };
      });
      b.onLoad({ filter: /.*/, namespace: 'bosun-no-network' }, () => ({ contents: NO_NETWORK, loader: 'js' }));
    },
  };
}

/** @param {import('esbuild').build} build @param {object} common options shared with the desktop build */
export function buildWeb(build, common) {
  const web = {
    ...common,
    platform: 'browser',
    target: 'es2022',
    minify: true,
    // A wasm module (e.g. a shell grammar) imported by the engine is embedded as bytes: the server's
    // worker may run from a blob (a remote extension, see client/src/browser.ts), where a file next
    // to the bundle has no url to load from.
    loader: { '.wasm': 'binary' },
    // dockerfile-ast uses Node's Buffer once (a BOM check); a browser has none.
    inject: ['server/src/web-buffer.ts'],
    plugins: [noNodeModules()],
  };
  return Promise.all([
    build({ ...web, format: 'cjs', entryPoints: { 'web/client': 'client/src/browser.ts' }, outdir: 'dist', external: ['vscode'] }),
    build({ ...web, format: 'iife', entryPoints: { 'web/server': 'server/src/browser.ts' }, outdir: 'dist' }),
  ]);
}
