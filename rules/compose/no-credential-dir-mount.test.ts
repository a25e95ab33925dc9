import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-credential-dir-mount.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    volumes:\n      - ./app:/app\n      - ~/projects/site:/site\n',
    {
      name: 'an SSH agent socket instead of keys',
      code: 'services:\n  git:\n    volumes:\n      - ${SSH_AUTH_SOCK}:/ssh-agent\n    environment:\n      SSH_AUTH_SOCK: /ssh-agent\n',
    },
    { name: 'a project .docker folder is not ~/.docker', code: 'services:\n  php:\n    volumes:\n      - ./.docker/php/php.ini:/usr/local/etc/php/php.ini:ro\n' },
    { name: 'credentials paths in the container only', code: 'services:\n  a:\n    volumes:\n      - ./deploy-key:/root/.ssh/id_ed25519:ro\n' },
    { name: 'a named volume called ssh', code: 'services:\n  a:\n    volumes: [ssh:/root/.ssh]\nvolumes:\n  ssh: {}\n' },
    { name: 'an unknown directory is not guessed', code: 'services:\n  a:\n    volumes: ["${KEYS_DIR}/.ssh:/k"]\n' },
  ],
  invalid: [
    {
      name: '~/.ssh, even read-only',
      code: 'services:\n  deploy:\n    volumes:\n      - ~/.ssh:/root/.ssh:ro\n',
      errors: [{ messageId: 'credentials', line: 4, column: 9, endColumn: 29, level: 'error', message: 'mounts ~/.ssh, which holds SSH private keys' }],
      output: null,
    },
    {
      name: 'cloud and cluster credentials through HOME',
      code: 'services:\n  ops:\n    volumes:\n      - ${HOME}/.aws:/root/.aws\n      - $HOME/.kube/config:/kube/config\n      - "${HOME}/.config/gcloud:/gcloud"\n      - ~/.docker/config.json:/root/.docker/config.json\n',
      errors: [
        { messageId: 'credentials', line: 4, column: 9, message: 'mounts ${HOME}/.aws, which holds AWS access keys' },
        { messageId: 'credentials', line: 5, column: 9, message: 'Kubernetes' },
        { messageId: 'credentials', line: 6, column: 9, message: 'Google Cloud' },
        { messageId: 'credentials', line: 7, column: 9, message: 'registry credentials' },
      ],
    },
    {
      name: 'absolute home paths and the whole home',
      code: 'services:\n  a:\n    volumes:\n      - /root/.ssh:/root/.ssh\n      - /home/alice/.aws:/aws\n      - /Users/bob/.gnupg:/gpg\n      - ~:/home/me\n',
      errors: [
        { messageId: 'credentials', line: 4, column: 9 },
        { messageId: 'credentials', line: 5, column: 9 },
        { messageId: 'credentials', line: 6, column: 9 },
        { messageId: 'home', line: 7, column: 9, message: 'a whole home directory' },
      ],
    },
    {
      name: 'long syntax, reported at the source; a default home',
      code: 'services:\n  a:\n    volumes:\n      - type: bind\n        source: ${HOME:-/root}/.netrc\n        target: /root/.netrc\n',
      errors: [{ messageId: 'credentials', line: 5, column: 17 }],
    },
    {
      name: 'merged from an anchor',
      code: 'x-k: &k\n  volumes: [~/.kube:/root/.kube]\nservices:\n  a:\n    <<: *k\n',
      errors: [{ messageId: 'credentials', line: 5, column: 9 }],
    },
  ],
});

describe('DC031 related information', () => {
  it('points a merged mount at the anchor', () => {
    const code = 'x-k: &k\n  volumes: [~/.kube:/root/.kube]\nservices:\n  a:\n    <<: *k\n';
    const [f] = lintText('compose.yaml', code, 'compose', { only: ['DC031'] }).findings;
    assert.deepEqual(
      f.related.map((r) => [r.range.start.line, r.range.start.character]),
      [[1, 12]],
    );
  });
});
