/**
 * The registry features on the web: off. A browser may only read a registry that answers with CORS
 * headers, and Docker Hub, GHCR and most private registries do not, so a lookup from vscode.dev would
 * fail for nearly every image; there is no docker credential store either. Rather than offer a fix
 * that cannot work, the web server offers no Pin to digest and fetches no base-image facts, and says
 * so once each, in its log (and whenever the pin command is run).
 */
import { type Connection, MessageType, ShowMessageNotification } from 'vscode-languageserver';
import type { ImageFactsFeatures, RegistryFeatures } from './platform.js';
import type { ImageFactsHost } from './image-facts.js';
import type { RegistrySettings } from './registry-settings.js';

export const WEB_REGISTRY_MESSAGE =
  'Bosun: pinning images to digests is not available in the browser — most registries do not allow requests from a web page (no CORS). Use Bosun in VS Code on the desktop to pin images.';

export const WEB_IMAGE_FACTS_MESSAGE =
  'Bosun: base-image facts (the user, healthcheck and age a FROM image really has) are not fetched in the browser — most registries do not allow requests from a web page (no CORS). Rules judge images by their names here; VS Code on the desktop and the CLI (bosun --image-facts refresh) use the facts.';

/** What the web reports for `bosun.registry.*`: nothing is looked up, so nothing is on. */
const WEB_REGISTRY_SETTINGS: RegistrySettings = {
  enabled: false,
  offline: true,
  timeoutMs: 0,
  useDockerCredentials: false,
  credentialHelpers: false,
  insecureRegistries: [],
  imageFacts: false,
};

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
    cachedSettingsFor: async () => WEB_REGISTRY_SETTINGS,
    // No registry is contacted, so trust changes nothing here.
    isTrusted: false,
    onTrustChanged: () => {},
    setWorkspaceFolders: () => {},
  };
}

/** Image facts on the web: none (lints judge images by name, as without a lock file), said once when a document is first linted. */
export function webImageFacts(host: ImageFactsHost): ImageFactsFeatures {
  let logged = false;
  const none = { get: () => undefined };
  return {
    generation: 0,
    setStorage: () => {},
    view: () => none,
    lookup: () => undefined,
    failure: () => undefined,
    fileChanged: () => false,
    afterLint: () => {
      if (!logged) host.log(WEB_IMAGE_FACTS_MESSAGE);
      logged = true;
    },
    forget: () => {},
    stopFetching: () => {},
    noteEdit: () => {},
  };
}
