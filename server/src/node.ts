/**
 * The desktop language server (Node): over Node IPC from the extension, or `--stdio` for other
 * editors (`bosun-language-server --stdio`). Reads `file:` paths from the disk, resolves image
 * digests and fetches base-image facts from registries, and compacts its heap when idle. The
 * wiring is shared with the web server (server.ts).
 */
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { localDocsDir } from './docs-dir.js';
import { Containment } from './fs/containment.js';
import { diskAccess } from './lsp/disk-access.js';
import { routedAccess } from './lsp/file-access.js';
import { BetweenLints } from './lsp/between-lints.js';
import { IdleCompaction } from './lsp/idle-compaction.js';
import { EditorImageFacts } from './lsp/image-facts.js';
import { PinDigests } from './lsp/pin-digest.js';
import { ScanWorker } from './lsp/scan-worker.js';
import { fileUri } from './uris.js';
import { serve } from './server.js';
import { loadShellGrammar } from './shell-grammar-node.js';

process.on('uncaughtException', (e) => {
  // Log and keep serving: the client would otherwise restart us and lose every open document's state.
  process.stderr.write(`bosun: uncaught ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
});

// Memory back to the OS after 2 s without edits, requests or workspace lints (see idle-compaction.ts).
const idle = new IdleCompaction({ idleMs: 2000 });
// The young generation collected between keystrokes rather than in the middle of a lint (between-lints.ts).
const betweenLints = new BetweenLints();
const docs = localDocsDir();

serve(createConnection(ProposedFeatures.all), {
  description: `Node ${process.version}`,
  // The disk for `file:` paths; a folder of another scheme (a virtual workspace) through the client.
  access: (space, fromClient, containment) => routedAccess((path) => space.isFile(path), diskAccess(containment), fromClient),
  containment: (folders) => new Containment(folders),
  registry: (connection, documents) => new PinDigests(connection, documents),
  imageFacts: (host) => new EditorImageFacts(host),
  touch: () => idle.touch(),
  published: (waiting) => betweenLints.published(waiting),
  docsBaseUri: docs ? fileUri(docs) : undefined,
  loadShellGrammar,
  bigFiles: (folders) => new ScanWorker(folders),
});
