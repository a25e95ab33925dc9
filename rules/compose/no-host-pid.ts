import { defineRule, message } from '../languages/define-rule.js';
import { hostNamespaceReports } from '../shared/compose-host-namespace.js';

export default defineRule({
  meta: {
    code: 'DC021',
    name: 'no-host-pid',
    language: 'compose',
    scope: 'unit',
    title: 'Service shares the host PID namespace',
    why:
      'pid: host lets the container see every process on the host with its command line, kill any of them ' +
      "(root keeps CAP_KILL by default), and with SYS_PTRACE read their memory and reach the host's " +
      'filesystem through /proc/1/root.',
    level: 'error',
    risk: 'high',
    tags: ['security', 'CIS-5.16', 'CWE-653'],
    others: {
      kics: ['Host Namespace is Shared'],
      composeLint: ['CL-0010'],
    },
    messages: {
      host: message(
        'Service {{service}} shares the host PID namespace (pid: host): it sees every host process and its ',
        'command line and, as root, can kill any of them. Remove it; to inspect one service, use pid: ',
        '"service:NAME".',
      ),
    },
  },
  check: ({ model }) => hostNamespaceReports(model, 'pid'),
});
