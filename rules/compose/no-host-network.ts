import { isCiOrTestFile } from '../knowledge/file-roles.js';
import { defineRule, message } from '../languages/define-rule.js';
import { hostNamespaceReports } from '../shared/compose-host-namespace.js';

export default defineRule({
  meta: {
    code: 'DC020',
    name: 'no-host-network',
    language: 'compose',
    scope: 'unit',
    title: 'Service uses the host network',
    why:
      "network_mode: host puts the container on the host's network stack: it can reach services bound to " +
      "the host's localhost, listen on any host port without ports:, and with the default NET_RAW " +
      'capability sniff host traffic.',
    level: 'warning',
    risk: 'medium',
    tags: ['security', 'CIS-5.10', 'CWE-653'],
    others: {
      kics: ['Shared Host Network Namespace'],
      composeLint: ['CL-0008'],
    },
    messages: {
      host: message(
        'Service {{service}} uses the host network (network_mode: host): it reaches everything bound to the ',
        "host's localhost and can listen on any host port. Publish the ports it needs with ports: instead.",
      ),
      hostInCiFile: message(
        'Service {{service}} uses the host network (network_mode: host) in a CI or test Compose file: harmless on a ',
        "throwaway runner, but on a developer's machine it reaches everything bound to localhost and listens on every ",
        'interface. Publish the ports the tests need on 127.0.0.1 with ports: instead.',
      ),
    },
  },
  *check({ model, path }) {
    // A CI or test file is not a deployment: the same finding, a level lower.
    const ci = isCiOrTestFile(path);
    for (const report of hostNamespaceReports(model, 'network_mode')) yield ci ? { ...report, messageId: 'hostInCiFile', level: 'info' } : report;
  },
});
