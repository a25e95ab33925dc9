import { defineRule } from '../languages/define-rule.js';
import { OS_MANAGERS, nameList, packageInstall, packageSpec, unpinnedPackages } from '../knowledge/package-managers.js';
import { runShells } from '../languages/shell.js';

const PIN_SYNTAX: Record<string, string> = {
  apt: '`name=version` (e.g. `curl=7.88.1-10+deb12u5`)',
  apk: '`name=version` (e.g. `curl=8.9.1-r1`)',
  yum: '`name-version` (e.g. `curl-7.76.1`)',
  zypper: '`name=version`',
};

export default defineRule({
  meta: {
    code: 'DF019',
    name: 'pin-os-packages',
    language: 'dockerfile',
    scope: 'unit',
    title: 'OS packages installed without a version',
    why:
      'Unversioned OS packages make each build install whatever the mirror has that day, so two builds of the same ' +
      'Dockerfile differ and a bad package update slips in unnoticed.',
    level: 'hint',
    defaultOn: false,
    risk: 'low',
    tags: ['security', 'supply-chain', 'reproducibility'],
    others: {
      hadolint: ['DL3008', 'DL3018', 'DL3033', 'DL3041', 'DL3037'],
      kics: [
        'Apt Get Install Pin Version Not Defined',
        'Unpinned Package Version in Apk Add',
        'Yum install Without Version',
        'Missing Version Specification In dnf install',
        'Zypper Install Without Version',
      ],
    },
    messages: {
      unpinned: '`{{program}} {{subcommand}}` installs {{names}} without a version. Pin with {{syntax}} for repeatable builds.',
    },
  },
  *check({ model }) {
    for (const run of runShells(model)) {
      for (const cmd of run.all) {
        const install = packageInstall(cmd);
        if (!install || !OS_MANAGERS.has(install.manager) || !install.subcommandWord) continue;
        const unpinned = unpinnedPackages(install);
        if (!unpinned.length) continue;
        const names = unpinned.map((w) => {
          const spec = packageSpec(install.manager, w.value);
          return spec.kind === 'other' ? w.value : spec.name;
        });
        yield {
          messageId: 'unpinned',
          span: { start: unpinned[0].span.start, end: unpinned[unpinned.length - 1].span.end },
          data: { program: install.program, subcommand: install.subcommandWord.value, names: nameList(names), syntax: PIN_SYNTAX[install.manager] },
        };
      }
    }
  },
});
