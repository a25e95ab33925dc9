/**
 * What differs between the desktop language server (node.ts) and the web one (browser.ts): where
 * files are read, the registry features, memory upkeep. The wiring they share is server.ts.
 */
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FolderContainment } from '../fs/folders.js';
import type { UriSpace } from '../uris.js';
import type { FileAccess } from './file-access.js';
import type { EditorImageFacts, ImageFactsHost } from './image-facts.js';
import type { PinDigests } from './pin-digest.js';
import type { BigFileLinter } from './scan-request.js';

/**
 * Pin to digest (a registry lookup) and the registry settings and workspace trust image facts go by:
 * on the desktop PinDigests, on the web a stand-in that says why it is off (web-registry.ts).
 */
export type RegistryFeatures = Pick<
  PinDigests,
  | 'codeActionKinds'
  | 'commands'
  | 'initialize'
  | 'forgetSettings'
  | 'forDocument'
  | 'resolveAction'
  | 'executeCommand'
  | 'cachedSettingsFor'
  | 'isTrusted'
  | 'onTrustChanged'
  | 'setWorkspaceFolders'
>;

/**
 * Base-image facts for lints and hover (lock file, cache, background fetches): on the desktop
 * EditorImageFacts, on the web a stand-in that has none and says once why.
 */
export type ImageFactsFeatures = Pick<
  EditorImageFacts,
  'generation' | 'setStorage' | 'view' | 'lookup' | 'failure' | 'fileChanged' | 'afterLint' | 'forget' | 'stopFetching' | 'noteEdit'
>;

export interface ServerPlatform {
  /** Said in the log at start-up: where this server runs. */
  description: string;
  /**
   * Where the workspace's files are read, given the client's reader (`workspace.fs` over the
   * connection): the web server has nothing else; the desktop reads `file:` paths from its disk.
   */
  access(space: UriSpace, fromClient: FileAccess, containment: () => FolderContainment): FileAccess;
  /** The workspace folders as a containment: real paths on the desktop, spelling on the web (fs/folders.ts). */
  containment(folders: readonly string[]): FolderContainment;
  registry(connection: Connection, documents: TextDocuments<TextDocument>): RegistryFeatures;
  imageFacts(host: ImageFactsHost): ImageFactsFeatures;
  /** Called on activity (memory upkeep once the server goes quiet); optional. */
  touch?(): void;
  /** An open document's diagnostics were written; `waiting`: whether another lint is due (between-lints.ts); optional. */
  published?(waiting: () => boolean): void;
  /** The rule docs folder (a uri) when the client names none. */
  docsBaseUri?: string;
  /**
   * Loads the bash grammar RUN scripts are read with (rules/languages/shell-grammar.ts), once: its
   * WebAssembly comes from files beside the bundle on the desktop, from bytes inside it on the web.
   */
  loadShellGrammar(): Promise<void>;
  /** Lints big files of the background scan off the thread that answers the editor (given the workspace folders now). */
  bigFiles?(folders: () => readonly string[]): BigFileLinter;
}
