/**
 * Compose as the engine sees it (rules/engine/language.ts): the model (compose.ts) and its units for
 * unit-scoped rules (compose-units.ts). Kept apart from both so that neither imports the other's
 * module back: the model knows nothing of units.
 */
import type { LanguageSupport, ParseContext } from '../engine/language.js';
import type { SourceText } from '../engine/source.js';
import { type ComposeModel, parseCompose } from './compose.js';
import { carryMemo, composeUnits, restrictCompose } from './compose-units.js';

/** parseCompose; a version re-parsed from the previous one's document (an edit inside one service) keeps its per-service memo. */
function parse(file: SourceText, context: ParseContext<ComposeModel> = {}): ComposeModel {
  const model = parseCompose(file, context);
  const previous = context.previous;
  if (previous && model.doc !== undefined && model.doc === previous.doc) carryMemo(previous, model);
  return model;
}

export const composeLanguage: LanguageSupport<ComposeModel> = {
  id: 'compose',
  parse,
  // YAML errors: safe fixes on such a file are offered as unsafe, and a fix may not add any.
  parseErrors: (model) => model.doc?.errors.length ?? 0,
  statementStart: (_model, line) => line,
  units: (model) => composeUnits(model),
  restrict: (model, dirty) => restrictCompose(model, dirty),
};
