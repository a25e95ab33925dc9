import { defineRule, message } from '../languages/define-rule.js';
import { hostNamespaceReports } from '../shared/compose-host-namespace.js';

export default defineRule({
  meta: {
    code: 'DC022',
    name: 'no-host-ipc',
    language: 'compose',
    scope: 'unit',
    title: 'Service shares the host IPC namespace',
    why: "ipc: host gives the container the host's shared memory segments, semaphores and message queues, so " + 'it can read or corrupt data of host processes that use them.',
    level: 'warning',
    risk: 'medium',
    tags: ['security', 'CIS-5.17', 'CWE-653'],
    others: {
      kics: ['Shared Host IPC Namespace'],
      composeLint: ['CL-0010'],
    },
    messages: {
      host: message(
        'Service {{service}} shares the host IPC namespace (ipc: host): it can read and change the shared ',
        'memory of host processes. Remove it; to share memory with another service, use ipc: "service:NAME" ',
        'or shareable.',
      ),
    },
  },
  check: ({ model }) => hostNamespaceReports(model, 'ipc'),
});
