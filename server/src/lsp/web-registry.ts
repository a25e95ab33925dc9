/**
 * Pin to digest on the web: off. A browser may only read a registry that answers with CORS headers,
 * and Docker Hub, GHCR and most private registries do not, so a lookup from vscode.dev would fail
 * for nearly every image; there is no docker credential store either. Rather than offer a fix that
 * cannot work, the web server offers none and says so once, in its log at start-up and whenever the
 * pin command is run.
 */
import { type Connection, MessageType, ShowMessageNotification } from 'vscode-languageserver';
import type { RegistryFeatures } from '../server.js';

export const WEB_REGISTRY_MESSAGE =
  'Bosun: pinning images to digests is not available in the browser — most registries do not allow requests from a web page (no CORS). Use Bosun in VS Code on the desktop to pin images.';

export function webRegistry(connection: Connection): RegistryFeatures {
  let logged = false;
  const logOnce = () => {
    if (!logged) connection.console.info(WEB_REGISTRY_MESSAGE);
    logged = true;
  };
  return {
    codeActionKinds: [],
    commands: [],
    initialize: () => logOnce(),
    forgetSettings: () => {},
    forDocument: async () => undefined,
    resolveAction: async (action) => action,
    executeCommand: async () => {
      logOnce();
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: WEB_REGISTRY_MESSAGE });
      return undefined;
    },
  };
}
