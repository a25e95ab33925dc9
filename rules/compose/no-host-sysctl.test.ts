import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule, { hostEffect } from './no-host-sysctl.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    sysctls:\n      net.core.somaxconn: 1024\n      net.ipv4.tcp_syncookies: 0\n',
    {
      name: "IPC sysctls in the container's own IPC namespace",
      code: 'services:\n  db:\n    sysctls:\n      - kernel.shmmax=68719476736\n      - kernel.sem=250 32000 100 128\n      - fs.mqueue.msg_max=100\n',
    },
    { name: "net.* with another service's network is not the host's", code: 'services:\n  a:\n    network_mode: "service:vpn"\n    sysctls: [net.ipv4.ip_forward=1]\n' },
    { name: 'an unknown host network is not guessed', code: 'services:\n  a:\n    network_mode: ${NET}\n    sysctls: {net.ipv4.ip_forward: 1}\n' },
  ],
  invalid: [
    {
      name: 'kernel and vm sysctls have no per-container copy',
      code: 'services:\n  es:\n    image: elasticsearch:8.15.0\n    sysctls:\n      vm.max_map_count: 262144\n      kernel.core_pattern: "|/tmp/x"\n',
      errors: [
        { messageId: 'notNamespaced', line: 5, column: 7, endColumn: 23, level: 'info', message: 'sets vm.max_map_count, which has no per-container copy' },
        { messageId: 'notNamespaced', line: 6, column: 7 },
      ],
      output: null,
    },
    {
      name: 'net.* under the host network, list form',
      code: 'services:\n  router:\n    network_mode: host\n    sysctls:\n      - net.ipv4.ip_forward=1\n',
      errors: [{ messageId: 'hostNetwork', line: 5, column: 9 }],
    },
    {
      name: 'IPC and UTS sysctls under the host namespaces',
      code: 'services:\n  a:\n    ipc: host\n    uts: host\n    sysctls: {kernel.shmmax: 1, kernel.hostname: x}\n',
      errors: [
        { messageId: 'hostIpc', line: 5, column: 15 },
        { messageId: 'hostUts', line: 5, column: 33 },
      ],
    },
    {
      name: 'merged from an anchor: at the alias',
      code: 'x-s: &s\n  sysctls:\n    vm.swappiness: 0\nservices:\n  a:\n    <<: *s\n',
      errors: [{ messageId: 'notNamespaced', line: 6, column: 9 }],
    },
  ],
});

describe('DC019 hostEffect', () => {
  const none = { network: false, ipc: false, uts: false };
  it('knows the namespaced sysctls', () => {
    assert.equal(hostEffect('net.ipv4.ip_forward', none), undefined);
    assert.equal(hostEffect('net/ipv4/ip_forward', { ...none, network: true }), 'hostNetwork');
    assert.equal(hostEffect('kernel.msgmax', none), undefined);
    assert.equal(hostEffect('kernel.shm_rmid_forced', { ...none, ipc: true }), 'hostIpc');
    assert.equal(hostEffect('kernel.domainname', none), undefined);
    assert.equal(hostEffect('kernel.randomize_va_space', none), 'notNamespaced');
    assert.equal(hostEffect('fs.file-max', none), 'notNamespaced');
  });
});
