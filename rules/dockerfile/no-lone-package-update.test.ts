import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-lone-package-update.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    { name: 'set -eux; style', code: 'FROM debian:12\nRUN set -eux; \\\n    apt-get update; \\\n    apt-get install -y curl; \\\n    rm -rf /var/lib/apt/lists/*\n' },
    { name: 'update then a script that installs', code: 'FROM debian:12\nRUN apt-get update && ./install-deps.sh\n' },
    { name: 'yum update is an upgrade, not an index refresh', code: 'FROM centos:7\nRUN yum update -y\n' },
    { name: 'apk add --update', code: 'FROM alpine:3.20\nRUN apk add --update --no-cache curl\n' },
  ],
  invalid: [
    {
      name: 'merge under # escape=` continues the line with a backtick (once an unknown instruction)',
      code: '# escape=`\nFROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n',
      errors: [{ messageId: 'alone', line: 3, column: 5 }],
      output: '# escape=`\nFROM debian:12\nRUN apt-get update && `\n    apt-get install -y curl\n',
    },
    {
      name: 'no merge when the first RUN ends in a shell comment (it would swallow the install)',
      code: 'FROM debian:12\nRUN apt-get update # refresh\nRUN apt-get install -y curl\n',
      errors: [{ messageId: 'alone', line: 2, column: 5 }],
      output: null,
    },
    {
      name: 'apt-get update alone, merged into the next RUN',
      code: 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*\n',
      errors: [{ messageId: 'alone', line: 2, column: 5, endColumn: 19, level: 'info' }],
      safe: false,
      output: 'FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'after adding a repository',
      code: 'FROM ubuntu:24.04\nRUN add-apt-repository -y ppa:deadsnakes/ppa && apt-get update\nRUN apt-get install -y python3.12\n',
      errors: [{ messageId: 'alone', line: 2, column: 49 }],
      output: 'FROM ubuntu:24.04\nRUN add-apt-repository -y ppa:deadsnakes/ppa && apt-get update && \\\n    apt-get install -y python3.12\n',
    },
    {
      name: 'next RUN uses ; so no merge is offered',
      code: 'FROM debian:12\nRUN apt-get update\nRUN set -e; apt-get install -y curl\n',
      errors: [{ messageId: 'alone', line: 2, column: 5 }],
      output: null,
    },
    {
      name: 'apk update alone with nothing after it',
      code: 'FROM alpine:3.20\nRUN apk update\n',
      errors: [{ messageId: 'alone', line: 2, column: 5 }],
      output: null,
    },
  ],
});
