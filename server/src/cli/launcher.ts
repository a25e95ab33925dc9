/**
 * `bosun` as installed (dist/cli.js, built by scripts/cli-build.mjs): runs the CLI bundle
 * (dist/cli-main.js) and the parser chunks it requires lazily (dist/cli-yaml.js, dist/cli-dockerfile-ast.js)
 * through a V8 code cache. Without one, every run compiles about a megabyte of JavaScript again and
 * runs the lint on freshly compiled code: the cache roughly halves what Bosun adds to node's own start-up.
 *
 * Caches live in `dist/.cache/` (or the folder in BOSUN_CODE_CACHE; `off` turns them off). They
 * are written when a run that linted ends, only when missing, rejected by V8 (another node, other V8
 * flags) or written before this kind of file was linted, and never make a run fail: an unwritable
 * folder only means no cache.
 */
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { LINTED_HOOK } from './code-cache-hook.js';

/** The bundle this launcher runs; the chunks sit beside it and are required as `./cli-<name>.js`. */
export const MAIN_BUNDLE = 'cli-main.js';

/** A cache file: a magic line, the kinds of files linted before it was written (JSON), then V8's data. */
const MAGIC = 'bosun-code-cache 1\n';

interface CacheFile {
  covers: string[];
  data: Buffer;
}

interface Loaded {
  file: string;
  script: Script;
  cachePath: string | undefined;
  cached: CacheFile | undefined;
}

const debug = !!process.env.BOSUN_DEBUG;
const note = (message: string): void => {
  if (debug) process.stderr.write(`bosun: code cache: ${message}\n`);
};

/** FNV-1a: a short, stable name for what a cache depends on (no `node:crypto`, which costs ~10 ms to load). */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export function cacheDirFor(bundleDir: string, env: NodeJS.ProcessEnv): string | undefined {
  const setting = env.BOSUN_CODE_CACHE;
  if (setting === undefined || setting === '') return join(bundleDir, '.cache');
  return /^(off|0|false|no)$/i.test(setting) ? undefined : setting;
}

/**
 * The cache file for `file`: V8 itself rejects data from another V8 version, other flags or a source
 * of another length; the name adds the bundle's size and time (a rebuild), node, the CPU and node's flags.
 */
export function cachePathFor(cacheDir: string, file: string): string {
  const st = statSync(file);
  const key = fnv1a([st.size, Math.trunc(st.mtimeMs), process.version, process.arch, ...process.execArgv].join('\0'));
  return join(cacheDir, `${basename(file)}.${key}.cache`);
}

export function readCacheFile(path: string): CacheFile | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch {
    return undefined;
  }
  const headerEnd = buf.indexOf(10, MAGIC.length);
  if (headerEnd < 0 || buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  try {
    const covers = JSON.parse(buf.toString('utf8', MAGIC.length, headerEnd)) as unknown;
    if (!Array.isArray(covers) || !covers.every((c) => typeof c === 'string')) return undefined;
    return { covers, data: buf.subarray(headerEnd + 1) };
  } catch {
    return undefined;
  }
}

/** Written to a temporary name and renamed: a concurrent run reads the old cache or the new one, never half. */
export function writeCacheFile(path: string, covers: readonly string[], data: Buffer): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, Buffer.concat([Buffer.from(`${MAGIC}${JSON.stringify(covers)}\n`), data]));
    renameSync(tmp, path);
    note(`wrote ${path}`);
  } catch (e) {
    note(`cannot write ${path}: ${(e as Error).message}`);
    try {
      unlinkSync(tmp);
    } catch {
      // nothing was written
    }
  }
}

/** Loads the CLI bundle and its chunks through the code cache; `run()` evaluates the bundle (which runs the CLI). */
export function codeCacheLoader(bundleDir: string, cacheDir: string | undefined) {
  const loaded: Loaded[] = [];
  const modules = new Map<string, Module>();
  const linted = new Set<string>();
  (globalThis as Record<symbol, unknown>)[LINTED_HOOK] = (language: string) => linted.add(language);

  const requireFrom = (file: string): NodeJS.Require => {
    const base = createRequire(file);
    // The bundle requires its chunks as './cli-<name>.js' and node's built-ins by name: nothing else.
    const req = ((id: string) => (id.startsWith('./') ? load(join(dirname(file), id)) : base(id))) as NodeJS.Require;
    return Object.assign(req, { resolve: base.resolve, cache: base.cache, extensions: base.extensions, main: require.main });
  };

  function load(file: string): unknown {
    const known = modules.get(file);
    if (known) return known.exports;
    const source = readFileSync(file, 'utf8');
    let cachePath: string | undefined;
    try {
      cachePath = cacheDir === undefined ? undefined : cachePathFor(cacheDir, file);
    } catch {
      cachePath = undefined;
    }
    const cached = cachePath ? readCacheFile(cachePath) : undefined;
    // The same wrapper as node's CommonJS loader, on the first line so line numbers stay right.
    const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
    const script = new Script(wrapped, { filename: file, cachedData: cached?.data });
    note(`${basename(file)}: ${!cached ? 'none' : script.cachedDataRejected ? 'rejected' : 'used'}`);
    loaded.push({ file, script, cachePath, cached });
    const mod = new Module(file, module);
    mod.filename = file;
    modules.set(file, mod);
    const fn = script.runInThisContext() as (...args: unknown[]) => void;
    fn.call(mod.exports, mod.exports, requireFrom(file), mod, file, dirname(file));
    mod.loaded = true;
    return mod.exports;
  }

  /**
   * Writes what is missing or stale. V8 puts every function compiled so far into the data (those read
   * from the cache included), so a cache written at the end of a run holds the code the run needed.
   * Hence nothing is written after a run that linted nothing (`--version`), and a cache is written
   * again when a run lints a kind of file it was not written with (Compose after Dockerfiles only).
   */
  function save(): void {
    if (linted.size === 0) return;
    for (const { script, cachePath, cached } of loaded) {
      if (!cachePath) continue;
      const rejected = script.cachedDataRejected === true;
      const covers = [...new Set([...(cached && !rejected ? cached.covers : []), ...linted])].sort();
      const stale = !cached || rejected || covers.length > cached.covers.length;
      if (stale) writeCacheFile(cachePath, covers, script.createCachedData());
    }
  }

  const run = (): unknown =>
    // Node maps stack traces through source maps for the modules it loads itself, not for vm scripts:
    // with --enable-source-maps the bundle is required as usual, without a cache.
    (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled ? require(join(bundleDir, MAIN_BUNDLE)) : load(join(bundleDir, MAIN_BUNDLE));
  return { run, save };
}
