import { defineRule, message } from '../languages/define-rule.js';
import { capAddReports } from '../shared/compose-capabilities.js';

/** Capabilities that are host root by themselves. */
const GRANTS: Record<string, string> = {
  ALL: 'every capability, which leaves little between the container and the host',
  SYS_ADMIN: 'mount, namespace and cgroup administration, where most container escapes start (mounting the host disk, cgroup release_agent)',
  SYS_MODULE: 'loading kernel modules, that is running code in the host kernel',
  SYS_RAWIO: 'raw I/O ports and /dev/mem access, that is host memory and hardware',
};

export default defineRule({
  meta: {
    code: 'DC011',
    name: 'no-dangerous-cap-add',
    language: 'compose',
    scope: 'unit',
    title: 'Service adds a capability that is host root',
    why:
      'ALL, SYS_ADMIN, SYS_MODULE and SYS_RAWIO each give a process in the container a known, short path to root on the ' +
      'host: mounting its disk, loading a kernel module, writing host memory.',
    level: 'error',
    risk: 'critical',
    tags: ['security', 'CIS-5.4', 'CWE-250'],
    others: {
      kics: ['Container Capabilities Unrestricted'],
      composeLint: ['CL-0024', 'CL-0011'],
    },
    messages: {
      capAdd: message('Service {{service}} adds {{cap}}: {{grant}}. Grant the narrow capability or device the service really uses, or ', 'run it outside a container.'),
    },
  },
  check: ({ model }) => capAddReports(model, GRANTS, 'capAdd'),
});
