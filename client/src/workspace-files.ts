/**
 * Answers the server's `bosun/fs/*` requests with `workspace.fs`: how the web server (which has no
 * disk) and a desktop server in a virtual folder read the workspace. Only uris of a workspace
 * folder's scheme and authority are served; only regular files are read, at most FS_MAX_BYTES
 * (checked on the bytes received, not only the reported size).
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  FS_LIST_REQUEST,
  FS_MAX_BYTES,
  FS_READ_REQUEST,
  FS_STAT_REQUEST,
  type FsError,
  type FsKind,
  type FsListResult,
  type FsParams,
  type FsReadResult,
  type FsStatResult,
} from '../../server/src/protocol.js';

const BINARY_SNIFF_BYTES = 8192;

function kindOf(type: vscode.FileType): FsKind {
  if (type & vscode.FileType.Directory) return 'dir';
  if (type & vscode.FileType.File) return 'file';
  return 'other';
}

/** The uri, when it names something in one of the workspace folders' file systems. */
function workspaceUri(params: FsParams | undefined): vscode.Uri | undefined {
  if (typeof params?.uri !== 'string') return undefined;
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(params.uri, true);
  } catch {
    return undefined;
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  return folders.some((f) => f.uri.scheme === uri.scheme && f.uri.authority === uri.authority) ? uri : undefined;
}

function errorOf(e: unknown): FsError {
  return e instanceof vscode.FileSystemError && e.code === 'FileNotFound' ? 'missing' : 'denied';
}

export async function readWorkspaceFile(params: FsParams): Promise<FsReadResult> {
  const uri = workspaceUri(params);
  if (!uri) return { error: 'denied' };
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (kindOf(stat.type) !== 'file') return { error: 'not-file' };
    if (stat.size > FS_MAX_BYTES) return { error: 'too-large' };
    const bytes = await vscode.workspace.fs.readFile(uri);
    if (bytes.length > FS_MAX_BYTES) return { error: 'too-large' };
    return { text: new TextDecoder().decode(bytes), binary: bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0) };
  } catch (e) {
    return { error: errorOf(e) };
  }
}

export async function listWorkspaceFolder(params: FsParams): Promise<FsListResult> {
  const uri = workspaceUri(params);
  if (!uri) return { error: 'denied' };
  try {
    const entries = await vscode.workspace.fs.readDirectory(uri);
    return {
      entries: entries.map(([name, type]) => {
        const symlink = (type & vscode.FileType.SymbolicLink) !== 0;
        return symlink ? { name, kind: kindOf(type), symlink } : { name, kind: kindOf(type) };
      }),
    };
  } catch (e) {
    return { error: errorOf(e) };
  }
}

export async function statWorkspacePath(params: FsParams): Promise<FsStatResult> {
  const uri = workspaceUri(params);
  if (!uri) return { error: 'denied' };
  try {
    const { type } = await vscode.workspace.fs.stat(uri);
    // As on the desktop: a link to a folder is not walked (it could lead out of the workspace).
    const linkToFolder = (type & vscode.FileType.SymbolicLink) !== 0 && (type & vscode.FileType.Directory) !== 0;
    return { kind: linkToFolder ? 'other' : kindOf(type) };
  } catch (e) {
    return { error: errorOf(e) };
  }
}

export function serveWorkspaceFiles(client: BaseLanguageClient): vscode.Disposable[] {
  return [
    client.onRequest(FS_READ_REQUEST, (p: FsParams): Promise<unknown> => readWorkspaceFile(p)),
    client.onRequest(FS_LIST_REQUEST, (p: FsParams): Promise<unknown> => listWorkspaceFolder(p)),
    client.onRequest(FS_STAT_REQUEST, (p: FsParams): Promise<unknown> => statWorkspacePath(p)),
  ];
}
