/**
 * Dockerfiles as the engine sees them (rules/engine/language.ts): the model (dockerfile.ts) and its
 * units for unit-scoped rules (dockerfile-unit-keys.ts). Kept apart from both so that neither imports the
 * other's module back: the model knows nothing of units.
 */
import type { LanguageSupport } from '../engine/language.js';
import { type DockerfileModel, parseDockerfile } from './dockerfile.js';
import { dockerfileUnits, restrictDockerfile } from './dockerfile-unit-keys.js';

export const dockerfileLanguage: LanguageSupport<DockerfileModel> = {
  id: 'dockerfile',
  parse: parseDockerfile,
  statementStart(model, line) {
    const instr = model.instructionAtLine(line);
    return instr ? model.file.positionAt(instr.span.start).line : line;
  },
  units: dockerfileUnits,
  restrict: restrictDockerfile,
};
