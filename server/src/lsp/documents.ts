/** Open documents and their lint results: one parse and lint per document version, cached. */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type FilesView, languageFromId, type LanguageId, type LintOptions, type LintResult, lintText } from '../../../rules/api.js';
import { overlayFiles, recordingFiles } from '../files-view.js';
import { uriPath } from '../uris.js';

export { uriPath };

export interface Linted {
  version: number;
  result: LintResult;
  ms: number;
  /** Identifies the settings the lint ran with; a settings change re-lints. */
  optionsKey: string;
  /** Other files (paths read, folders listed) the lint looked at: a change to one re-lints this document. */
  touched: Set<string>;
}

export function languageOf(doc: TextDocument): LanguageId | undefined {
  return languageFromId(doc.languageId, uriPath(doc.uri));
}

/**
 * What cross-file rules see in the editor: open documents (unsaved text included) over the
 * workspace's files (`under`: the disk, or the client's). `pathOf`: the path of a document's uri,
 * undefined for one that is not a workspace file (an untitled buffer).
 */
export function documentFiles(documents: { all(): TextDocument[] }, under: FilesView, pathOf: (uri: string) => string | undefined): FilesView {
  const open = () =>
    documents.all().flatMap((d) => {
      const path = pathOf(d.uri);
      return path === undefined ? [] : [{ path, text: () => d.getText() }];
    });
  return overlayFiles(open, under);
}

export class LintCache {
  private readonly results = new Map<string, Linted>();

  /** The lint result for this exact document version, computing it once. */
  get(doc: TextDocument, options: LintOptions & { optionsKey: string }): Linted | undefined {
    const language = languageOf(doc);
    if (!language) return undefined;
    const cached = this.results.get(doc.uri);
    if (cached && cached.version === doc.version && cached.optionsKey === options.optionsKey) return cached;
    const t0 = performance.now();
    const recorded = options.files ? recordingFiles(options.files) : undefined;
    // The previous version's result (same settings; dropped when a file it read changed) lets the
    // engine re-parse and re-check only what the edit touched.
    const previous = cached && cached.optionsKey === options.optionsKey ? cached.result : undefined;
    const result = lintText(uriPath(doc.uri), doc.getText(), language, { ...options, files: recorded?.view, incremental: true }, previous);
    const linted: Linted = {
      version: doc.version,
      result,
      ms: performance.now() - t0,
      optionsKey: options.optionsKey,
      // Findings carried over from the previous version were found reading its files: keep them.
      touched: new Set([...(recorded?.touched ?? []), ...(previous ? cached!.touched : [])]),
    };
    if (!result.cancelled) this.results.set(doc.uri, linted);
    return linted;
  }

  peek(uri: string): Linted | undefined {
    return this.results.get(uri);
  }

  delete(uri: string): void {
    this.results.delete(uri);
  }

  /** Documents whose last lint read `path` or listed its folder; their results are dropped (stale). */
  dependants(path: string, except?: string): string[] {
    const dir = path.slice(0, Math.max(1, path.lastIndexOf('/')));
    const uris: string[] = [];
    for (const [uri, linted] of this.results) {
      if (uri === except || !(linted.touched.has(path) || linted.touched.has(dir))) continue;
      uris.push(uri);
      this.results.delete(uri);
    }
    return uris;
  }

  clear(): void {
    this.results.clear();
  }
}
