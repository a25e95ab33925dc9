import { defineRule } from '../languages/define-rule.js';
import type { Edit } from '../engine/types.js';
import { runShells } from '../languages/shell.js';

interface FixData {
  edit: Edit;
  flag: string;
}

export default defineRule({
  meta: {
    code: 'DF018',
    name: 'no-insecure-build-entitlement',
    language: 'dockerfile',
    scope: 'unit',
    title: 'RUN asks for an insecure build entitlement',
    why:
      'RUN --security=insecure runs the step without the build sandbox (like a privileged container) and ' +
      "--network=host gives it the build host's network; a compromised dependency in that step reaches the build machine.",
    level: 'warning',
    risk: 'high',
    tags: ['security', 'privilege', 'build', 'CWE-250'],
    others: {
      semgrep: ['run-security-insecure'],
    },
    messages: {
      insecure: '`RUN --security=insecure` runs this step with full privileges on the build host (needs the security.insecure entitlement).',
      hostNetwork: "`RUN --network=host` gives this step the build host's network (needs the network.host entitlement).",
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    const { text } = model.file;
    for (const run of runShells(model)) {
      for (const flag of run.flags) {
        const value = (flag.value ?? '').toLowerCase();
        const messageId = flag.name === 'security' && value === 'insecure' ? 'insecure' : flag.name === 'network' && value === 'host' ? 'hostNetwork' : undefined;
        if (!messageId) continue;
        let end = flag.span.end;
        while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
        const edit = { start: flag.span.start, end, text: '' };
        yield { messageId, span: flag.span, fixData: { edit, flag: text.slice(flag.span.start, flag.span.end) } satisfies FixData };
      }
    }
  },
  fix(report) {
    const data = report.fixData;
    if (!data) return [];
    return [{ title: `Remove ${data.flag} (the step may then need another way to do its work)`, safe: false, edits: [data.edit] }];
  },
});
