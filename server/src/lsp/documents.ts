/** Open documents and their lint results: one parse and lint per document version, cached. */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type LanguageId, type LintOptions, type LintResult, languageFromId, lintText } from '../../../rules/api.js';

export interface Linted {
  version: number;
  result: LintResult;
  ms: number;
  /** Identifies the settings the lint ran with; a settings change re-lints. */
  optionsKey: string;
}

export function uriPath(uri: string): string {
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

export function languageOf(doc: TextDocument): LanguageId | undefined {
  return languageFromId(doc.languageId, uriPath(doc.uri));
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
    const result = lintText(uriPath(doc.uri), doc.getText(), language, options);
    const linted: Linted = { version: doc.version, result, ms: performance.now() - t0, optionsKey: options.optionsKey };
    if (!result.cancelled) this.results.set(doc.uri, linted);
    return linted;
  }

  peek(uri: string): Linted | undefined {
    return this.results.get(uri);
  }

  delete(uri: string): void {
    this.results.delete(uri);
  }

  clear(): void {
    this.results.clear();
  }
}
