import { defineRule } from '../languages/define-rule.js';
import { capAddReports } from '../shared/compose-capabilities.js';

/** Capabilities whose grant stays inside the container but weakens it. */
const GRANTS: Record<string, string> = {
  SYS_PTRACE: 'tracing and reading the memory of other processes in its PID namespace (every host process with pid: host)',
  DAC_READ_SEARCH: 'reading any file regardless of permissions, and open_by_handle_at, which reads host files outside a bind mount (the "shocker" escape)',
};

export default defineRule({
  meta: {
    code: 'DC013',
    name: 'no-bounded-cap-add',
    language: 'compose',
    scope: 'unit',
    title: 'Service adds a capability that weakens its isolation',
    why:
      "SYS_PTRACE and DAC_READ_SEARCH let a process read other processes' memory or any file it can reach; they are " +
      'debugging tools that should not ship in a production service.',
    level: 'info',
    risk: 'medium',
    tags: ['security', 'CIS-5.4', 'CWE-250'],
    others: {
      kics: ['Container Capabilities Unrestricted'],
      composeLint: ['CL-0027'],
    },
    messages: {
      capAdd: 'Service {{service}} adds {{cap}}: {{grant}}. Keep it to debug setups (a separate override file), not the service itself.',
    },
  },
  check: ({ model }) => capAddReports(model, GRANTS, 'capAdd'),
});
