import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './require-pipefail.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
    { name: 'SHELL with pipefail', code: 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://x.example/a.tgz | tar -xz\n' },
    {
      name: 'SHELL -euxo pipefail, inherited by a later stage',
      code: 'FROM debian:12 AS base\nSHELL ["/bin/bash", "-euxo", "pipefail", "-c"]\nFROM base\nRUN wget -qO- https://x.example/a.tgz | tar -xz\n',
    },
    { name: 'set -o pipefail first', code: 'FROM debian:12\nRUN set -eux -o pipefail; curl -fsSL https://x.example/a.tgz | tar -xz\n' },
    { name: 'set -euo pipefail in a heredoc', code: 'FROM debian:12\nRUN <<EOF\nset -euo pipefail\ncurl -fsSL https://x.example/a.tgz | tar -xz\nEOF\n' },
    { name: 'echo into a checksum check cannot fail upstream', code: 'FROM debian:12\nRUN echo "abc  file" | sha256sum -c -\n' },
    { name: 'checksum list filtered into sha256sum -c (fails on empty input)', code: 'FROM debian:12\nRUN grep " node.tar.xz$" SHASUMS256.txt | sha256sum -c -\n' },
    { name: 'cat of a heredoc into a command', code: 'FROM debian:12\nRUN cat <<EOF | tee /etc/app.conf\nkey=value\nEOF\n' },
    { name: '|| is not a pipe', code: 'FROM debian:12\nRUN test -f /x || touch /x\n' },
    { name: 'pipe inside a quoted string is not a pipe of this shell', code: 'FROM debian:12\nRUN bash -o pipefail -c "curl -fsSL https://x.example/a | tar -xz"\n' },
    { name: 'exec form', code: 'FROM debian:12\nRUN ["sh", "-c", "echo"]\n' },
    { name: 'PowerShell', code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN Get-ChildItem | Select-Object Name\n' },
    { name: 'Windows base with cmd', code: 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nRUN dir | findstr x\n' },
    { name: 'python heredoc with a |', code: 'FROM python:3.12\nRUN python3 <<EOF\nprint(1 | 2)\nEOF\n' },
    { name: 'case patterns are not pipes', code: 'FROM debian:12\nRUN case "$a" in x|y) echo hi ;; esac\n' },
    { name: 'a group of builtins cannot fail', code: 'FROM debian:12\nRUN { echo a; echo b; } | tee /etc/x.conf\n' },
    { name: 'a pipe in an if condition is a test', code: 'FROM debian:12\nRUN if [ -f .git ] && head -1 .git | grep -q x; then echo yes; fi\n' },
    { name: 'a pipe in a while condition is a test', code: 'FROM debian:12\nRUN while ! ls /x | grep -q y; do sleep 1; done\n' },
    { name: 'a failure ignored on purpose', code: 'FROM debian:12\nRUN dpkg -l | grep -q libssl || true\n' },
    { name: 'a comment line inside the continuation', code: 'FROM debian:12\nRUN set -eux -o pipefail; \\\n# fetch\n    curl -fsSL https://x.example/a.tgz | tar -xz\n' },
  ],
  invalid: [
    {
      name: 'debian: add SHELL bash -o pipefail before the RUN',
      code: 'FROM debian:12\nRUN curl -fsSL https://x.example/a.tgz | tar -xz\n',
      errors: [{ messageId: 'noPipefail', line: 2, column: 5, endColumn: 49, message: 'failure of `curl`' }],
      fixTitle: 'Add SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
      safe: false,
      output: 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://x.example/a.tgz | tar -xz\n',
    },
    {
      name: 'alpine: busybox ash has pipefail',
      code: 'FROM alpine:3.20\nWORKDIR /app\nRUN wget -qO- https://x.example/a.tgz | tar -xz\n',
      errors: [{ messageId: 'noPipefail', line: 3, column: 5 }],
      output: 'FROM alpine:3.20\nWORKDIR /app\nSHELL ["/bin/ash", "-o", "pipefail", "-c"]\nRUN wget -qO- https://x.example/a.tgz | tar -xz\n',
    },
    {
      name: 'existing SHELL without pipefail gets the option',
      code: 'FROM ubuntu:24.04\nSHELL ["/bin/bash", "-e", "-c"]\nRUN dpkg -l | grep libssl\n',
      errors: [{ messageId: 'noPipefail', line: 3, column: 5, message: 'RUN succeeds if `grep` does' }],
      fixTitle: 'Add "-o", "pipefail" to SHELL',
      output: 'FROM ubuntu:24.04\nSHELL ["/bin/bash", "-e", "-o", "pipefail", "-c"]\nRUN dpkg -l | grep libssl\n',
    },
    {
      name: 'set -o pipefail after the pipe does not help; unknown base: no fix',
      code: 'FROM example.com/base:1\nRUN cat /etc/os-release | grep ID && set -o pipefail\n',
      errors: [{ messageId: 'noPipefail', line: 2, column: 5 }],
      output: null,
    },
    {
      name: 'in a RUN heredoc',
      code: 'FROM debian:12\nRUN <<EOF\nset -e\ncurl -fsSL https://x.example/a | sh\nEOF\n',
      errors: [{ messageId: 'noPipefail', line: 4, column: 1 }],
      output: 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN <<EOF\nset -e\ncurl -fsSL https://x.example/a | sh\nEOF\n',
    },
    {
      name: 'a group that can fail, piped',
      code: 'FROM example.com/base:1\nRUN { curl -fsSL https://x.example/a; echo; } | tar -xz\n',
      errors: [{ messageId: 'noPipefail', line: 2, column: 5, endColumn: 56, message: 'failure of `curl`' }],
      output: null,
    },
    {
      name: 'a pipe in a case branch',
      code: 'FROM example.com/base:1\nRUN case "$a" in x) curl -fsSL https://x.example/a | tar -xz ;; esac\n',
      errors: [{ messageId: 'noPipefail', line: 2, column: 21, message: 'failure of `curl`' }],
      output: null,
    },
    {
      name: 'a pipe in an if body, not its condition',
      code: 'FROM example.com/base:1\nRUN if [ -f x ]; then wget -qO- https://x.example/a | tar -xz; fi\n',
      errors: [{ messageId: 'noPipefail', line: 2, column: 23, message: 'failure of `wget`' }],
      output: null,
    },
    {
      name: 'ONBUILD RUN: flagged without a fix',
      code: 'FROM debian:12\nONBUILD RUN find . -name "*.py" | xargs python3 -m py_compile\n',
      errors: [{ messageId: 'noPipefail', line: 2, column: 13 }],
      output: null,
    },
  ],
});
