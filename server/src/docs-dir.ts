/**
 * The rule docs on this machine: `docs/` beside the bundle (dist/docs of the extension and the npm
 * package), or the repository's `rules/` when run from source. Node only (the web server is told
 * its docs location by the client).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { docsPath, type RuleMeta } from '../../rules/api.js';
import { fileUri } from './uris.js';

let found: string | null | undefined;

export function localDocsDir(): string | undefined {
  if (found === undefined) {
    const candidates = [join(__dirname, 'docs'), join(__dirname, '..', '..', 'rules')];
    found = candidates.find((d) => existsSync(join(d, 'dockerfile', 'no-root-user.md'))) ?? null;
  }
  return found ?? undefined;
}

/** The `file:` uri of a rule's page on this machine; null when the docs are not installed. */
export function localDocsUrl(meta: RuleMeta): string | null {
  const dir = localDocsDir();
  return dir ? fileUri(join(dir, docsPath(meta))) : null;
}

/** A rule's page (markdown); undefined when the docs are not installed. */
export function localDocsPage(meta: RuleMeta): string | undefined {
  const dir = localDocsDir();
  if (!dir) return undefined;
  try {
    return readFileSync(join(dir, docsPath(meta)), 'utf8');
  } catch {
    return undefined;
  }
}
