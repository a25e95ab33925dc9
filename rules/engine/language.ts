import type { SourceText } from './source.js';
import type { LanguageId } from './types.js';

/** What the engine needs from a file kind: a model, and where a statement starts (for ignore comments). */
export interface LanguageSupport<Model> {
  id: LanguageId;
  parse(file: SourceText): Model;
  /** First line of the statement that contains `line`; an ignore comment goes right above it. */
  statementStart(model: Model, line: number): number;
}
