/**
 * DF019 (OS packages) and DF021 (language packages) make one check on two sets of package
 * managers: every install command of a RUN whose packages carry no version.
 */
import type { Span } from '../engine/types.js';
import { OS_MANAGERS, managerCommands, nameList, packageInstall, packageSpec, unpinnedPackages } from '../knowledge/package-managers.js';
import type { DockerfileModel } from '../languages/dockerfile.js';
import type { ReportOf } from '../languages/define-rule.js';
import { runShells } from '../languages/shell.js';

type UnpinnedReport = ReportOf<{ unpinned: { program: string; subcommand: string; names: string; syntax: string } }>;

/** The install commands of the managers `os` selects (OS ones, or the others) that name a package without a version. */
export function* unpinnedInstalls(model: DockerfileModel, os: boolean, pinSyntax: Readonly<Record<string, string>>): Generator<UnpinnedReport> {
  for (const run of runShells(model)) {
    for (const cmd of managerCommands(run.all)) {
      const install = packageInstall(cmd);
      if (!install || OS_MANAGERS.has(install.manager) !== os || !install.subcommandWord) continue;
      const unpinned = unpinnedPackages(install);
      if (!unpinned.length) continue;
      const names = unpinned.map((w) => {
        const spec = packageSpec(install.manager, w.value);
        return spec.kind === 'other' ? w.value : spec.name;
      });
      const span: Span = { start: unpinned[0].span.start, end: unpinned[unpinned.length - 1].span.end };
      yield {
        messageId: 'unpinned',
        span,
        data: { program: install.program, subcommand: install.subcommandWord.value, names: nameList(names), syntax: pinSyntax[install.manager] },
      };
    }
  }
}
