/**
 * Uris and paths. The engine and the server's indexes work with absolute `/`-separated paths; the
 * editor names documents by uri. On a desktop those are `file:` uris. On vscode.dev and github.dev
 * the workspace is a folder of another scheme (`vscode-vfs://github/owner/repo`, `vscode-remote://…`,
 * or `file:` backed by the browser's file system access), and its files are read through the client.
 * A UriSpace maps both ways for the workspace folders it knows. Pure: shared by both server builds.
 */

/** Percent-encoding of a path as Node's `pathToFileURL` does it (so uris match what the CLI and tests build). */
function encodePath(path: string): string {
  const url = new URL('file:///');
  url.pathname = path.replace(/%/g, '%25').replace(/\\/g, '%5C').replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/\t/g, '%09');
  // The URL parser leaves these as they are; Node encodes them too.
  return url.pathname.replace(/[|^[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The `file:` uri of an absolute path; equals `pathToFileURL(path).href` for absolute POSIX paths. */
export function fileUri(path: string): string {
  return `file://${encodePath(path)}`;
}

/** The decoded path of a uri (any scheme); the uri itself when it cannot be parsed. */
export function uriPath(uri: string): string {
  // Remembered: every file a lint reads is looked for among the open documents, by path.
  let path = uriPaths.get(uri);
  if (path === undefined) {
    try {
      path = decodeURIComponent(new URL(uri).pathname);
    } catch {
      path = uri;
    }
    if (uriPaths.size >= 1024) uriPaths.clear();
    uriPaths.set(uri, path);
  }
  return path;
}
const uriPaths = new Map<string, string>();

interface Origin {
  /** `scheme://authority`, e.g. `file://` or `vscode-vfs://github`. */
  prefix: string;
  /** Folder path (decoded, no trailing `/` except the root). */
  path: string;
}

function originOf(uri: string): string | undefined {
  const m = /^([a-zA-Z][\w+.-]*):\/\/([^/?#]*)/.exec(uri);
  return m ? `${m[1].toLowerCase()}://${m[2]}` : undefined;
}

function isUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

export class UriSpace {
  private origins: Origin[] = [];

  /** The workspace folders (uris); their schemes and authorities are the ones mapped besides `file:`. */
  setFolders(uris: readonly string[]): void {
    this.origins = [];
    for (const uri of uris) {
      const prefix = originOf(uri);
      if (prefix) this.origins.push({ prefix, path: uriPath(uri).replace(/\/+$/, '') || '/' });
    }
    // Deepest first: a path maps to the uri of the innermost folder holding it.
    this.origins.sort((a, b) => b.path.length - a.path.length);
  }

  /**
   * The path of a uri: every `file:` uri, and uris of a workspace folder's scheme and authority;
   * undefined for anything else (`untitled:`, `git:`, a scheme no folder has).
   */
  pathOf(uri: string): string | undefined {
    const prefix = originOf(uri);
    if (prefix === 'file://' || (prefix && this.origins.some((o) => o.prefix === prefix))) return uriPath(uri);
    return undefined;
  }

  /** The uri of a path: that of the innermost workspace folder holding it, else a `file:` uri. */
  uriOf(path: string): string {
    const origin = this.origins.find((o) => isUnder(path, o.path));
    const prefix = origin?.prefix ?? 'file://';
    return prefix === 'file://' ? fileUri(path) : `${prefix}${encodePath(path)}`;
  }

  /** Whether a path is a `file:` one (on a desktop: on this machine's disk). */
  isFile(path: string): boolean {
    const origin = this.origins.find((o) => isUnder(path, o.path));
    return !origin || origin.prefix === 'file://';
  }
}
