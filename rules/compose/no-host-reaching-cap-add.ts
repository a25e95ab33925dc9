import { defineRule } from '../languages/define-rule.js';
import { capAddReports } from '../shared/compose-capabilities.js';

/** Capabilities that reach past the container to the host or its neighbours. */
const GRANTS: Record<string, string> = {
  NET_ADMIN: "control of interfaces, routes and firewall rules of its network (the host's with network_mode: host), so it can redirect and intercept traffic",
  BPF: 'loading BPF programs, which can read kernel memory and trace the whole host',
  PERFMON: 'perf and BPF tracing of every process on the host',
  SYS_BOOT: 'rebooting the host and loading a new kernel with kexec',
  SYS_TIME: 'setting the host clock, which is not namespaced: every container and TLS check sees it',
  SYS_NICE: 'raising priorities and real-time scheduling, enough to starve other containers and the host',
  IPC_LOCK: 'locking memory, so host RAM it pins cannot be reclaimed',
  LEASE: "file leases, which stall other processes (the host's too) that open a shared file",
  SYSLOG: 'reading and clearing the kernel log, which leaks kernel addresses and host events',
};

export default defineRule({
  meta: {
    code: 'DC012',
    name: 'no-host-reaching-cap-add',
    language: 'compose',
    scope: 'unit',
    title: 'Service adds a capability that reaches the host',
    why:
      'NET_ADMIN, BPF, PERFMON, SYS_BOOT, SYS_TIME, SYS_NICE, IPC_LOCK, LEASE and SYSLOG act on things the container ' +
      'shares with the host (its clock, kernel, network, memory), so a compromised service can disturb or spy on the host.',
    level: 'warning',
    risk: 'high',
    tags: ['security', 'CIS-5.4', 'CWE-250'],
    others: {
      kics: ['Container Capabilities Unrestricted'],
      composeLint: ['CL-0011', 'CL-0028', 'CL-0029', 'CL-0030'],
    },
    messages: {
      capAdd: 'Service {{service}} adds {{cap}}: {{grant}}. Remove it unless the service really needs it, and say why next to it.',
    },
  },
  check: ({ model }) => capAddReports(model, GRANTS, 'capAdd'),
});
