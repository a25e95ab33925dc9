import { defineRule, message } from '../languages/define-rule.js';
import { readOnlyEdit, reportedMount, sensitiveMountReports } from '../shared/compose-mounts.js';

export default defineRule({
  meta: {
    code: 'DC032',
    name: 'no-sensitive-host-mount',
    language: 'compose',
    scope: 'unit',
    title: 'Sensitive host path mounted into a service',
    why:
      'Read-only, a bind mount of /etc, /root, /proc, /sys or /var/lib/docker still hands the container host secrets ' +
      "(shadow, TLS keys, other containers' files and environment); /dev exposes the host's device nodes.",
    level: 'warning',
    risk: 'medium',
    tags: ['security', 'CIS-5.6', 'CWE-668'],
    others: {
      kics: ['Volume Has Sensitive Host Directory'],
      composeLint: ['CL-0013'],
    },
    messages: {
      readOnly: message("Service {{service}} mounts the host's {{source}} read-only; under {{path}} it can still read {{what}}. Mount only ", 'the files it needs.'),
      writableTime: "Service {{service}} mounts the host's {{source}} writable, so it can change {{what}}. Add :ro.",
      devices: message(
        "Service {{service}} mounts the host's {{source}}: {{what}} (the device cgroup still decides which it may open). ",
        'List the devices it needs under devices: instead.',
      ),
    },
    fix: 'unsafe',
  },
  check: ({ model }) => sensitiveMountReports(model, ['readOnly', 'writableTime', 'devices']),
  // Only a writable time zone file is fixed here: `:ro` takes it out of the rule.
  fix: (report, { model }) => (report.messageId === 'writableTime' ? readOnlyEdit(model, reportedMount(model, report)) : []),
});
