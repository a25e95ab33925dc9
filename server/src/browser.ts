/**
 * The web language server: runs in a web worker started by the extension on vscode.dev, github.dev
 * and any VS Code in a browser. It has no disk and no Node: the workspace's files come from the
 * client over the connection (`workspace.fs`), and registry lookups (Pin to digest, base-image facts) are off — most registries send
 * no CORS headers, so a browser cannot ask them for a digest. The wiring is shared with the desktop
 * server (server.ts).
 */
import bashWasm from 'tree-sitter-bash/tree-sitter-bash.wasm';
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import runtimeWasm from 'web-tree-sitter/web-tree-sitter.wasm';
import { initShellGrammar } from '../../rules/api.js';
import { PathContainment } from './fs/folders.js';
import { webImageFacts, webRegistry } from './lsp/web-registry.js';
import { serve } from './server.js';

// The shared wiring yields to the event loop with setImmediate, which a worker lacks: a message to
// itself runs after pending messages (setTimeout(0) would be clamped to 4 ms when nested).
if (typeof (globalThis as { setImmediate?: unknown }).setImmediate !== 'function') {
  const channel = new MessageChannel() as unknown as { port1: { onmessage: (() => void) | null }; port2: { postMessage(m: unknown): void } };
  const queue: (() => void)[] = [];
  channel.port1.onmessage = () => queue.shift()?.();
  (globalThis as { setImmediate?: unknown }).setImmediate = (fn: () => void) => {
    queue.push(fn);
    channel.port2.postMessage(undefined);
  };
}

// The worker's global scope is the port to the extension (no DOM types in this project's lib).
const worker = globalThis as unknown as ConstructorParameters<typeof BrowserMessageReader>[0];
const connection = createConnection(new BrowserMessageReader(worker), new BrowserMessageWriter(worker));

serve(connection, {
  description: `web worker (${globalThis.constructor?.name ?? 'unknown scope'}), files read through the editor`,
  access: (_space, fromClient) => fromClient,
  containment: (folders) => new PathContainment(folders),
  registry: webRegistry,
  imageFacts: webImageFacts,
  // The grammar's WebAssembly is inside this bundle (scripts/web-build.mjs embeds `.wasm` imports as
  // bytes): a worker started from a blob has no url to fetch a file beside it from.
  loadShellGrammar: () => initShellGrammar({ runtime: runtimeWasm, bash: bashWasm }),
});
