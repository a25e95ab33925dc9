import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-socket-volume.js';

ruleTester(rule, {
  valid: [
    'FROM postgres:16\nVOLUME /var/lib/postgresql/data\n',
    { name: 'the parent directory is only an empty anonymous volume', code: 'FROM alpine:3.20\nVOLUME /var/run /run\n' },
    { name: 'a file that only mentions docker', code: 'FROM alpine:3.20\nVOLUME /var/lib/docker.sock.d /srv/dockersock\n' },
    { name: 'in a build stage that does not reach the image', code: 'FROM docker:27 AS ci\nVOLUME /var/run/docker.sock\nFROM alpine:3.20\n' },
    { name: 'unknown variable', code: 'FROM alpine:3.20\nARG SOCK\nVOLUME $SOCK\n' },
    { name: 'half-typed', code: 'FROM alpine:3.20\nVOLUME\n' },
  ],
  invalid: [
    {
      name: 'Docker socket',
      code: 'FROM docker:27-cli\nVOLUME /var/run/docker.sock\nCMD ["docker", "ps"]\n',
      errors: [{ messageId: 'socket', line: 2, column: 8, endLine: 2, endColumn: 28, message: 'runtime socket docker.sock' }],
    },
    {
      name: 'JSON form, containerd socket among other paths',
      code: 'FROM alpine:3.20\nVOLUME ["/data", "/run/containerd/containerd.sock"]\n',
      errors: [{ messageId: 'socket', line: 2, column: 8, message: 'containerd.sock' }],
    },
    {
      name: 'host:container syntax borrowed from docker run -v',
      code: 'FROM docker:27\nVOLUME /var/run/docker.sock:/var/run/docker.sock\n',
      errors: [{ messageId: 'socket', line: 2, column: 8 }],
    },
    {
      name: 'from an ENV, inherited from a parent stage',
      code: 'FROM alpine:3.20 AS base\nENV SOCK=/run/podman/podman.sock\nVOLUME ${SOCK}\nFROM base\n',
      errors: [{ messageId: 'socket', line: 3, column: 8, message: 'VOLUME ${SOCK}' }],
    },
    {
      name: 'ONBUILD VOLUME',
      code: 'FROM alpine:3.20\nONBUILD VOLUME /var/run/docker.sock\n',
      errors: [{ messageId: 'socket', line: 2, column: 16 }],
    },
  ],
});
