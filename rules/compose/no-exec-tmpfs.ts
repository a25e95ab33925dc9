import { defineRule, message } from '../languages/define-rule.js';
import { checkedServices } from '../languages/compose-effective.js';
import { setShortOptions } from '../languages/compose-mount-edit.js';
import { display, tmpfsOf } from '../languages/compose-volumes.js';

/** Options that turn off one of Docker's tmpfs defaults (noexec, nosuid, nodev). */
const WEAKENING = new Set(['exec', 'suid', 'dev']);

interface FixData {
  service: string;
  index: number;
}

export default defineRule({
  meta: {
    code: 'DC029',
    name: 'no-exec-tmpfs',
    language: 'compose',
    scope: 'unit',
    title: 'tmpfs mount allows executables, setuid or devices',
    why:
      'Docker mounts tmpfs noexec,nosuid,nodev; exec, suid or dev turn that off and give an attacker a writable place ' +
      'to drop and run tools, setuid binaries or device nodes, even in a read-only container.',
    level: 'info',
    risk: 'low',
    tags: ['security', 'CWE-732'],
    others: {
      composeLint: ['CL-0022'],
    },
    messages: {
      weakened: message(
        "The tmpfs {{target}} of service {{service}} sets {{options}}, turning off Docker's default {{defaults}}: a writable ",
        'place to run dropped payloads. Remove the option.',
      ),
    },
    fix: 'safe',
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      for (const [index, m] of tmpfsOf(svc).entries()) {
        const found = m.options.filter((o) => WEAKENING.has(o));
        if (found.length === 0 || !m.span) continue;
        const fixData: FixData = { service: svc.name, index };
        yield {
          messageId: 'weakened',
          span: m.span,
          data: { service: svc.name, target: display(m.target ?? ''), options: found.join(', '), defaults: found.map((o) => `no${o}`).join(', ') },
          ...(m.editable ? { fixData } : { related: m.relatedAs(`the tmpfs is written here and used by ${svc.name}`) }),
        };
      }
    }
  },
  fix(report, { model }) {
    const data = report.fixData;
    const svc = data && model.effective(data.service);
    const m = svc ? tmpfsOf(svc)[data.index] : undefined;
    if (!m?.editable || m.model.path !== model.path) return [];
    const removed = m.options.filter((o) => WEAKENING.has(o));
    const edit = setShortOptions(
      model.file,
      m,
      m.options.filter((o) => !WEAKENING.has(o) && o !== ''),
    );
    // Safe: it restores Docker's own default for tmpfs.
    return edit ? [{ title: `Remove ${removed.join(', ')} from tmpfs ${display(m.target ?? '')}`, safe: true, edits: [edit] }] : [];
  },
});
