/**
 * Bosun language server: wiring only, shared by the desktop server (node.ts: Node IPC or `--stdio`)
 * and the web server (browser.ts: a web worker on vscode.dev/github.dev). What differs between them
 * comes in as a `ServerPlatform` (lsp/platform.ts): where files are read, the registry features,
 * memory upkeep. Every handler catches and logs: one bad rule or one bad file never takes the server down.
 */
import type { Connection } from 'vscode-languageserver';
import { allRules } from '../../rules/api.js';
import { ConfigFiles } from './lsp/config-files.js';
import { handleDockerfileFeatures } from './lsp/dockerfile-features.js';
import { handleDocumentEvents } from './lsp/document-events.js';
import { DocumentLints } from './lsp/document-lints.js';
import { languageOf } from './lsp/documents.js';
import { handleLifecycle } from './lsp/lifecycle.js';
import type { ServerPlatform } from './lsp/platform.js';
import { handleRequests } from './lsp/requests.js';
import { ServerState } from './lsp/server-state.js';
import { VERSION } from './version.js';

export type { ImageFactsFeatures, RegistryFeatures, ServerPlatform } from './lsp/platform.js';

export function serve(connection: Connection, platform: ServerPlatform): void {
  // The state calls back into the handlers below (they need the state themselves).
  const state: ServerState = new ServerState(connection, platform, {
    schedule: (uri) => lints.schedule(uri),
    configChanged: (path, type) => configs.changed(path, type),
  });
  const lints = new DocumentLints(state);
  const configs = new ConfigFiles(state, (uri) => lints.schedule(uri));
  const lintCurrent = (uri: string) => lints.lintCurrent(uri);

  // Trust granted or withdrawn: facts stop (or may start) fetching, and lints read other facts.
  state.pins.onTrustChanged((trusted) => {
    if (!trusted) state.facts.stopFetching();
    state.relintOpen();
  });
  handleLifecycle(state);
  handleDocumentEvents(state, (uri) => lints.schedule(uri), configs);
  handleRequests(state, lintCurrent);
  handleDockerfileFeatures(connection, {
    features: () => state.dockerfileFeatures,
    dockerfile: (uri) => {
      const doc = state.documents.get(uri);
      return doc && languageOf(doc) === 'dockerfile' ? doc : undefined;
    },
    safely: (name, fallback, fn) => state.safely(name, fallback, fn),
  });

  state.documents.listen(connection);
  connection.listen();
  connection.console.info(`Bosun ${VERSION} language server started with ${allRules.length} rules (${platform.description})`);
}
