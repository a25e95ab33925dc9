import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-runtime-socket-mount.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx\n    volumes:\n      - ./site:/usr/share/nginx/html:ro\n      - logs:/var/log/nginx\n',
    {
      name: 'a named volume called docker looks risky but is not a bind',
      code: 'services:\n  ci:\n    image: docker:27-cli\n    volumes:\n      - docker:/var/run/docker\n      - docker-sock:/var/run/docker.sock\nvolumes:\n  docker: {}\n  docker-sock: {}\n',
    },
    { name: 'an anonymous volume at the socket path', code: 'services:\n  ci:\n    image: x\n    volumes:\n      - /var/run/docker.sock\n' },
    { name: 'an unknown variable is not assumed to be the socket', code: 'services:\n  ci:\n    image: x\n    volumes:\n      - ${DOCKER_SOCK}:/var/run/docker.sock\n' },
    { name: 'a relative directory named run is not the host /run', code: 'services:\n  ci:\n    image: x\n    volumes:\n      - ./run:/var/run\n      - run:/run\n' },
    {
      name: 'subdirectories of /run that hold no runtime socket',
      code: 'services:\n  ci:\n    image: x\n    volumes:\n      - /run/user/1000/pulse:/run/pulse\n      - /var/run/postgresql:/var/run/postgresql\n',
    },
    {
      name: 'long syntax volume and tmpfs',
      code: 'services:\n  ci:\n    image: x\n    volumes:\n      - type: volume\n        source: docker\n        target: /var/run\n      - type: tmpfs\n        target: /run\n',
    },
    { name: 'a socket path in the container only', code: 'services:\n  ci:\n    image: x\n    volumes:\n      - ./proxy.sock:/var/run/docker.sock.bak\n' },
    {
      name: 'a named volume with a non-bind driver option',
      code: 'services:\n  ci:\n    image: x\n    volumes:\n      - nfs:/data\nvolumes:\n  nfs:\n    driver_opts:\n      type: nfs\n      o: addr=10.0.0.1,rw\n      device: ":/var/run"\n',
    },
    {
      name: 'a .env that points the variable elsewhere decides over the default',
      code: 'services:\n  ci:\n    image: x\n    volumes:\n      - ${SOCK:-/var/run/docker.sock}:/var/run/docker.sock\n',
      files: { '.env': 'SOCK=/srv/app/ipc.sock\n' },
    },
    { name: 'use_api_socket: false', code: 'services:\n  agent:\n    image: x\n    use_api_socket: false\n' },
    { name: 'use_api_socket from a variable .env sets to false', code: 'services:\n  agent:\n    image: x\n    use_api_socket: ${API:-true}\n', files: { '.env': 'API=false\n' } },
    {
      name: 'the override file turns use_api_socket off',
      code: 'services:\n  agent:\n    image: x\n    use_api_socket: true\n',
      files: { 'compose.override.yaml': 'services:\n  agent:\n    use_api_socket: false\n' },
    },
  ],
  invalid: [
    {
      name: 'a default is what ships',
      code: 'services:\n  ci:\n    image: x\n    volumes:\n      - ${SOCK:-/var/run/docker.sock}:/var/run/docker.sock\n',
      errors: [{ messageId: 'socket', line: 5, column: 9 }],
      output: null,
    },
    {
      name: 'use_api_socket hands the service the engine API socket',
      code: 'services:\n  agent:\n    image: docker/mcp-gateway:1.0\n    use_api_socket: true\n',
      errors: [{ messageId: 'apiSocket', line: 4, column: 5, endLine: 4, endColumn: 19, message: 'use_api_socket' }],
      output: null,
    },
    {
      name: 'use_api_socket from an anchor: at the merge, related to the anchor',
      code: 'x-tools: &tools\n  use_api_socket: yes\nservices:\n  agent:\n    <<: *tools\n    image: x\n',
      errors: [{ messageId: 'apiSocket', line: 5, column: 9 }],
    },
    {
      name: 'short syntax docker.sock, no fix offered',
      code: 'services:\n  traefik:\n    image: traefik:v3.1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n',
      errors: [{ messageId: 'socket', line: 5, column: 9, endLine: 5, endColumn: 50, level: 'warning', message: 'socket proxy with a read-only API allow-list' }],
      output: null,
    },
    {
      name: ':ro does not help, and says so',
      code: 'services:\n  watchtower:\n    image: containrrr/watchtower\n    volumes:\n      - "/var/run/docker.sock:/var/run/docker.sock:ro"\n',
      errors: [{ messageId: 'socketReadOnly', line: 5, column: 9, message: 'read-only, which does not help' }],
    },
    {
      name: 'long syntax bind, read_only, reported at source',
      code: 'services:\n  agent:\n    image: x\n    volumes:\n      - type: bind\n        source: /run/containerd/containerd.sock\n        target: /run/containerd/containerd.sock\n        read_only: true\n',
      errors: [{ messageId: 'socketReadOnly', line: 6, column: 17 }],
    },
    {
      name: 'podman and crio sockets, with odd slashes',
      code: 'services:\n  a:\n    image: x\n    volumes:\n      - /run/podman/podman.sock:/var/run/docker.sock\n      - //var//run/crio/crio.sock/:/crio.sock\n',
      errors: [
        { messageId: 'socket', line: 5, column: 9, message: 'runtime socket /run/podman/podman.sock' },
        { messageId: 'socket', line: 6, column: 9 },
      ],
    },
    {
      name: 'parent directories of the socket',
      code: 'services:\n  a:\n    image: x\n    volumes:\n      - /var/run:/host/run:ro\n      - /:/host\n      - /run/containerd/:/run/containerd\n      - /var/run/docker:/var/run/docker\n',
      errors: [
        { messageId: 'runtimeDir', line: 5, column: 9, message: 'holds the container runtime socket (/run/docker.sock), even read-only' },
        { messageId: 'runtimeDir', line: 6, column: 9 },
        { messageId: 'runtimeDir', line: 7, column: 9 },
        { messageId: 'runtimeDir', line: 8, column: 9 },
      ],
    },
    {
      name: 'a variable with a default, a variable directory and a home path',
      code: 'services:\n  a:\n    image: x\n    volumes:\n      - ${DOCKER_SOCK:-/var/run/docker.sock}:/var/run/docker.sock\n      - ${XDG_RUNTIME_DIR}/docker.sock:/var/run/docker.sock\n      - ~/.colima/default/docker.sock:/var/run/docker.sock\n',
      errors: [
        { messageId: 'socket', line: 5, column: 9 },
        { messageId: 'socket', line: 6, column: 9, message: 'socket ${XDG_RUNTIME_DIR}/docker.sock:' },
        { messageId: 'socket', line: 7, column: 9 },
      ],
    },
    {
      name: 'a relative path to a socket file',
      code: 'services:\n  a:\n    image: x\n    volumes:\n      - ../../var/run/docker.sock:/var/run/docker.sock\n',
      errors: [{ messageId: 'socket', line: 5, column: 9 }],
    },
    {
      name: 'Windows named pipe',
      code: 'services:\n  a:\n    image: x\n    volumes:\n      - type: npipe\n        source: \\\\.\\pipe\\docker_engine\n        target: \\\\.\\pipe\\docker_engine\n',
      errors: [{ messageId: 'socket', line: 6, column: 17, message: 'socket \\\\.\\pipe\\docker_engine:' }],
    },
    {
      name: 'a named volume that is really a bind of /var/run',
      code: 'services:\n  a:\n    image: x\n    volumes:\n      - hostrun:/host/run\nvolumes:\n  hostrun:\n    driver: local\n    driver_opts:\n      type: none\n      o: bind\n      device: /var/run\n',
      errors: [{ messageId: 'runtimeDir', line: 5, column: 9 }],
    },
    {
      name: 'merged from an anchor: reported at each alias',
      code: 'x-docker: &docker\n  volumes:\n    - /var/run/docker.sock:/var/run/docker.sock\nservices:\n  a:\n    <<: *docker\n    image: x\n  b:\n    image: y\n    <<: *docker\n',
      errors: [
        { messageId: 'socket', line: 6, column: 9 },
        { messageId: 'socket', line: 10, column: 9 },
      ],
    },
    {
      name: 'a flow sequence of volumes',
      code: 'services:\n  a: {image: x, volumes: [/var/run/docker.sock:/var/run/docker.sock]}\n',
      errors: [{ messageId: 'socket', line: 2, column: 27 }],
    },
  ],
});

describe('DC002 related information', () => {
  it('points a merged mount at the line that writes it', () => {
    const text = 'x-docker: &docker\n  volumes:\n    - /var/run/docker.sock:/var/run/docker.sock\nservices:\n  a:\n    <<: *docker\n';
    const [f] = lintText('compose.yaml', text, 'compose', { only: ['DC002'] }).findings;
    assert.equal(f.range.start.line, 5);
    assert.deepEqual(
      f.related.map((r) => [r.range.start.line, r.range.start.character]),
      [[2, 6]],
    );
  });

  it('points a named volume at its device', () => {
    const text = 'services:\n  a:\n    volumes: [sock:/s]\nvolumes:\n  sock:\n    driver_opts: {type: none, o: bind, device: /var/run/docker.sock}\n';
    const [f] = lintText('compose.yaml', text, 'compose', { only: ['DC002'] }).findings;
    assert.equal(f.report?.messageId, 'socket');
    assert.deepEqual(
      f.related.map((r) => [r.range.start.line, r.range.start.character, r.message]),
      [[5, 47, 'volume sock binds /var/run/docker.sock']],
    );
  });
});
