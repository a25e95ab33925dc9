/**
 * Compose as the engine sees it: parse (re-using an earlier version's document and per-service
 * memos), YAML errors, statements, and the units an incremental lint re-checks (compose-unit-keys.ts).
 */
import type { LanguageSupport, ParseContext } from '../engine/language.js';
import type { SourceText } from '../engine/source.js';
import { type ComposeModel, parseComposeVersion } from './compose.js';
import { carryMemo, composeUnits, restrictCompose } from './compose-unit-keys.js';

function parse(file: SourceText, context?: ParseContext<ComposeModel>): ComposeModel {
  const { model, splicedFrom } = parseComposeVersion(file, context);
  if (splicedFrom) carryMemo(splicedFrom, model);
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
