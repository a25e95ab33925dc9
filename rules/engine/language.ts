import type { SourceText } from './source.js';
import type { FilesView, LanguageId } from './types.js';
import type { Unit } from './units.js';

/** What a model may use besides the text: other files (`.env` for Compose interpolation, override files). */
export interface ParseContext<Model = unknown> {
  files?: FilesView;
  /** The model of an earlier version of the same file: a parser may re-use the parts an edit left alone. */
  previous?: Model;
}

/** What the engine needs from a file kind: a model, and where a statement starts (for ignore comments). */
export interface LanguageSupport<Model> {
  id: LanguageId;
  parse(file: SourceText, context?: ParseContext<Model>): Model;
  /** First line of the statement that contains `line`; an ignore comment goes right above it. */
  statementStart(model: Model, line: number): number;
  /**
   * How many syntax problems the parser met (YAML errors, duplicate keys…). Fixes computed on a
   * file the parser could not fully read are never applied unattended: they are offered as unsafe.
   */
  parseErrors?(model: Model): number;
  /** The file's units, sorted and covering every offset, for rules with `scope: 'unit'`. */
  units?(model: Model): Unit[];
  /** The model as a unit-scoped rule sees it when only the `dirty` units (indexes into units()) need checking. */
  restrict?(model: Model, dirty: ReadonlySet<number>): Model;
}
