/**
 * Where a diagnostic's code and a hover link point. There is no docs website: every page ships with
 * the extension and the npm package (`dist/docs/`). The VS Code client names that folder by its
 * uri (a file on a desktop, a web resource on vscode.dev) and a command that renders a page
 * (`bosun.showRuleDocs`); another editor gets the file next to the server it runs.
 */
import type { RuleMeta } from '../../../rules/api.js';
import { docsPath } from '../../../rules/api.js';

export interface DocsLinks {
  /** `codeDescription.href` of a diagnostic (a real uri), undefined when no docs location is known. */
  href(meta: RuleMeta): string | undefined;
  /** The link in a hover: a command that renders the page when the client has one, else `href`. */
  hoverLink(meta: RuleMeta): string | undefined;
}

export interface DocsOptions {
  /** The folder holding `<language>/<name>.md` (a uri). */
  baseUri?: string;
  /** A client command taking `(language, name)` that shows a rule's page. */
  command?: string;
}

export const NO_DOCS_LINKS: DocsLinks = { href: () => undefined, hoverLink: () => undefined };

/** The server's own "show this rule's page" (for clients without a docs command): `window/showDocument` of its href. */
export const SHOW_DOCS_COMMAND = 'bosun.server.showRuleDocs';

export function docsLinks(options: DocsOptions): DocsLinks {
  const base = options.baseUri ? (options.baseUri.endsWith('/') ? options.baseUri : `${options.baseUri}/`) : undefined;
  // Asked once per diagnostic on every lint (thousands in a big file): each rule's link is worked out once.
  const hrefs = new Map<RuleMeta, string | undefined>();
  const href = (meta: RuleMeta) => {
    if (!base) return undefined;
    let link = hrefs.get(meta);
    if (link === undefined) hrefs.set(meta, (link = base + docsPath(meta).split('/').map(encodeURIComponent).join('/')));
    return link;
  };
  return {
    href,
    hoverLink: (meta) => (options.command ? `command:${options.command}?${encodeURIComponent(JSON.stringify([meta.language, meta.name]))}` : href(meta)),
  };
}

/** The docs options from `initializationOptions.docs`, keeping only well-formed values. */
export function docsOptionsFrom(raw: unknown): DocsOptions {
  const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const baseUri = typeof o.baseUri === 'string' && /^[a-z][\w+.-]*:/i.test(o.baseUri) ? o.baseUri : undefined;
  const command = typeof o.command === 'string' && /^[\w.-]+$/.test(o.command) ? o.command : undefined;
  return { baseUri, command };
}
