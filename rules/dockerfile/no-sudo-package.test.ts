import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-sudo-package.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    { name: 'sudo only in a build stage', code: 'FROM debian:12 AS build\nRUN apt-get install -y sudo && sudo make\nFROM debian:12-slim\nCOPY --from=build /out /app\n' },
    { name: 'sudo group without sudo installed', code: 'FROM debian:12\nRUN useradd -m -G sudo dev\n' },
    { name: 'sudo in a package name', code: 'FROM debian:12\nRUN apt-get install -y pseudo sudoku\n' },
  ],
  invalid: [
    {
      name: 'sudo starting a continued line of packages (the fix once glued it into `curlvim`)',
      code: 'FROM alpine:3.20\nRUN apk add curl \\\nsudo vim\n',
      errors: [{ messageId: 'install', line: 3, column: 1 }],
      safe: false,
      output: 'FROM alpine:3.20\nRUN apk add curl \\\nvim\n',
    },
    {
      name: 'apt-get install sudo with other packages',
      code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends curl sudo git\n',
      errors: [{ messageId: 'install', line: 2, column: 71, level: 'warning' }],
      safe: false,
      output: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends curl git\n',
    },
    {
      name: 'sudo alone: no fix',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache sudo\n',
      errors: [{ messageId: 'install', line: 2, column: 24 }],
      output: null,
    },
    {
      name: 'NOPASSWD in sudoers',
      code: 'FROM ubuntu:24.04\nRUN apt-get install -y sudo git && echo "app ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/app\n',
      errors: [
        { messageId: 'install', line: 2, column: 24 },
        { messageId: 'noPassword', line: 2, column: 56 },
      ],
      output: 'FROM ubuntu:24.04\nRUN apt-get install -y git && echo "app ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/app\n',
    },
    {
      name: 'NOPASSWD in a heredoc, sudo from a parent stage',
      code: 'FROM debian:12 AS base\nRUN apt-get install -y sudo vim\nFROM base\nRUN cat <<EOF > /etc/sudoers.d/dev\ndev ALL=(root) NOPASSWD:/usr/bin/apt-get\nEOF\n',
      errors: [
        { messageId: 'install', line: 2, column: 24 },
        { messageId: 'noPassword', line: 5, column: 16 },
      ],
      output: 'FROM debian:12 AS base\nRUN apt-get install -y vim\nFROM base\nRUN cat <<EOF > /etc/sudoers.d/dev\ndev ALL=(root) NOPASSWD:/usr/bin/apt-get\nEOF\n',
    },
    {
      name: 'user added to sudo group when sudo is installed',
      code: 'FROM debian:12\nRUN apt-get install -y sudo curl && usermod -aG sudo app\n',
      errors: [
        { messageId: 'install', line: 2, column: 24 },
        { messageId: 'adminGroup', line: 2, column: 37 },
      ],
      output: 'FROM debian:12\nRUN apt-get install -y curl && usermod -aG sudo app\n',
    },
    {
      name: 'doas with permit nopass',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache doas bash && echo "permit nopass app as root" > /etc/doas.d/app.conf\n',
      errors: [
        { messageId: 'install', line: 2, column: 24 },
        { messageId: 'noPassword', line: 2, column: 43 },
      ],
      output: 'FROM alpine:3.20\nRUN apk add --no-cache bash && echo "permit nopass app as root" > /etc/doas.d/app.conf\n',
    },
  ],
});
