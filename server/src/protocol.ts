/** Bosun's own LSP notifications, shared by the server and the extension client. */

export const STATUS_NOTIFICATION = 'bosun/status';

/** Workspace trust granted (VS Code's Restricted Mode left): `{ trusted: true }`. Registries are contacted only when trusted. */
export const TRUST_NOTIFICATION = 'bosun/workspaceTrust';

/** Server commands the client's own commands run (`workspace/executeCommand`). */
export const PIN_ALL_COMMAND = 'bosun.server.pinAllImages';
export const FIX_ALL_WORKSPACE_COMMAND = 'bosun.server.fixAllWorkspace';

/** Sent after each lint of an open document: feeds the language status item. */
export interface StatusParams {
  uri: string;
  version: number;
  rules: number;
  findings: number;
  ms: number;
  errors: string[];
}

/**
 * Reading the workspace through the client (`workspace.fs`), for a server that cannot read it
 * itself: the web worker on vscode.dev/github.dev, or a virtual folder on a desktop. The client
 * answers only for uris of a workspace folder's scheme and authority, opens regular files only,
 * and refuses files over `FS_MAX_BYTES` (it checks the bytes it got, not only the reported size).
 */
export const FS_READ_REQUEST = 'bosun/fs/read';
export const FS_LIST_REQUEST = 'bosun/fs/list';
export const FS_STAT_REQUEST = 'bosun/fs/stat';
export const FS_MAX_BYTES = 5 * 1024 * 1024;

export interface FsParams {
  uri: string;
}
export type FsKind = 'file' | 'dir' | 'other';
/** `missing`: no such file; `not-file`: a folder, device…; `too-large`; `denied`: outside the workspace or unreadable. */
export type FsError = 'missing' | 'not-file' | 'too-large' | 'denied';
/** `binary`: the first 8 KiB hold a NUL byte (not a text file a rule or the linter wants). */
export type FsReadResult = { text: string; binary: boolean } | { error: FsError };
/** Entries of a folder; `symlink`: the entry is a symbolic link (its kind is the target's). */
export type FsListResult = { entries: { name: string; kind: FsKind; symlink?: boolean }[] } | { error: FsError };
export type FsStatResult = { kind: FsKind } | { error: FsError };
