import type { From } from 'dockerfile-ast';
import type { DockerfileModel } from './dockerfile.js';

/**
 * The names of every build stage of the file, lower-cased: whether `COPY --from=<name>` names a
 * stage or an image. Read from the parse, not from `model.stages`, which a unit-scoped run limits
 * to the changed stages (dockerfile-unit-keys.ts).
 */
export function allStageNames(model: DockerfileModel): Set<string> {
  const names = new Set<string>();
  for (const unit of model.parsed.units.slice(1)) {
    const from = unit.instructions[0];
    const name = from?.getKeyword().toUpperCase() === 'FROM' ? (from as From).getBuildStage() : null;
    if (name) names.add(name.toLowerCase());
  }
  return names;
}
