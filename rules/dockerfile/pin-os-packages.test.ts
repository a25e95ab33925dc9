import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './pin-os-packages.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 ca-certificates=20230311\n',
    { name: 'apk pins', code: 'FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r1 git~2.45 --virtual .build-deps\n' },
    { name: 'local .deb and variables', code: 'FROM debian:12\nRUN apt-get install -y ./pkg.deb /tmp/other.deb $EXTRA_PACKAGES "${BUILD_DEPS}"\n' },
    { name: 'yum name-version', code: 'FROM rockylinux:9\nRUN dnf install -y curl-7.76.1 https://example.com/x-1.0.rpm\n' },
    { name: 'apt-get with no packages', code: 'FROM debian:12\nRUN apt-get install -f -y\n' },
    { name: 'apt-get update is not an install', code: 'FROM debian:12\nRUN apt-get update\n' },
  ],
  invalid: [
    {
      name: 'apt-get install, two of three unpinned',
      code: 'FROM debian:12\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 git gnupg\n',
      errors: [{ messageId: 'unpinned', line: 2, column: 71, endColumn: 80, level: 'hint', message: 'installs git, gnupg without a version' }],
      output: null,
    },
    {
      name: 'apk add over continued lines',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache \\\n    bash \\\n    tini\n',
      errors: [{ messageId: 'unpinned', line: 3, column: 5, endLine: 4, message: 'bash, tini' }],
    },
    {
      name: 'yum, zypper and many packages',
      code: 'FROM rockylinux:9\nRUN yum install -y a b c d e f g && zypper -n in h\n',
      errors: [
        { messageId: 'unpinned', line: 2, column: 20, message: 'a, b, c, d, e and 2 more' },
        { messageId: 'unpinned', line: 2, column: 50 },
      ],
    },
  ],
});
