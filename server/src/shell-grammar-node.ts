/**
 * Loads the bash grammar in Node (CLI, language server, lint workers, tests): the two .wasm files
 * sit beside the bundle in dist/ (scripts/build.mjs copies them there) or, when running from
 * source, in node_modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { initShellGrammar } from '../../rules/api.js';

const FILES = {
  runtime: ['web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm'],
  bash: ['tree-sitter-bash.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm'],
} as const;

function wasmBytes([bundled, fromPackage]: readonly [string, string]): Uint8Array {
  const beside = join(__dirname, bundled);
  return readFileSync(existsSync(beside) ? beside : require.resolve(fromPackage));
}

let baselineOnly = false;

/**
 * Loads the grammar once per process (or worker thread); safe to call any number of times.
 * The WebAssembly stays on V8's baseline compiler: optimized code would be compiled in the
 * background after the first parses, and a process cannot exit before that work is done (seconds
 * on a busy machine, for a CLI run or a test that takes a fraction of one); parsing is about as fast.
 * Measured with the runtime's module alone optimized (the grammar's lexer alone takes seconds to
 * optimize): a RUN of 30,000 piped commands parsed a quarter faster, but a 1.5 KB Dockerfile ended
 * 0.1 s later and 35-65 KB ones 0.2-0.3 s later, waiting for those compiles; the parse loop itself
 * gains nothing in the parse that made it hot (WebAssembly has no on-stack replacement here), and
 * no tiering budget told the pipeline from the real files.
 */
export function loadShellGrammar(): Promise<void> {
  if (!baselineOnly) {
    baselineOnly = true;
    setFlagsFromString('--liftoff-only');
  }
  return initShellGrammar({ runtime: wasmBytes(FILES.runtime), bash: wasmBytes(FILES.bash) });
}
