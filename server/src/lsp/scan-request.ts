/**
 * What the workspace scan asks of a linter for big files (the desktop's worker thread, see
 * scan-worker.ts). No Node imports: the web server shares workspace.ts and simply has none.
 */
import type { Finding, ImageFacts, LanguageId, LintOptions } from '../../../rules/api.js';

/** Files this long or longer are linted off the thread that answers the editor, where a linter for them exists. */
export const BIG_FILE_CHARS = 100_000;

export interface BigFileRequest {
  path: string;
  language: LanguageId;
  text: string;
  options: LintOptions;
  /** The open documents' texts: an unsaved buffer wins over the disk for the files a lint reads. */
  open: { path: string; text: string }[];
}

/** Findings without their reports (those hold the model's nodes), and what the lint read. */
export interface BigFileAnswer {
  findings: Omit<Finding, 'report'>[];
  errors: string[];
  touched: string[];
}

export interface BigFileLinter {
  /** The lint of a big file, or undefined when it cannot be done there (the caller lints it then). */
  lint(request: BigFileRequest): Promise<BigFileAnswer | undefined>;
}

/** One message to the worker: the serialisable part of a request. */
export interface ScanRequest {
  id: number;
  path: string;
  language: LanguageId;
  text: string;
  options: Pick<LintOptions, 'levels' | 'ruleOptions' | 'maxLength' | 'only'>;
  open: { path: string; text: string }[];
  /** The workspace folders: links out of them are not followed (as on the main thread). */
  folders: string[];
  /** Base-image facts the main thread has for the images the file names (sent once asked for). */
  facts: [string, ImageFacts][];
}

export interface ScanAnswer extends BigFileAnswer {
  id: number;
  /** The image-facts keys the lint asked for. */
  factKeys: string[];
}
