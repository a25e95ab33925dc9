import { defineRule } from '../languages/define-rule.js';
import { unpinnedInstalls } from '../shared/unpinned-packages.js';

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
  check: ({ model }) => unpinnedInstalls(model, true, PIN_SYNTAX),
});
