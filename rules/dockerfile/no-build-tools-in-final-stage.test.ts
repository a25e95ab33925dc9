import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-build-tools-in-final-stage.js';

ruleTester(rule, {
  valid: [
    {
      name: 'compilers only in the build stage',
      code: 'FROM python:3.12-slim AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev\nRUN pip wheel -w /wheels psycopg\nFROM python:3.12-slim\nCOPY --from=build /wheels /wheels\n',
    },
    {
      name: 'apk virtual package deleted in the same RUN',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev make \\\n && make install \\\n && apk del --no-network .build-deps\n',
    },
    {
      name: 'official-image pattern: apt-mark auto + purge --auto-remove',
      code: [
        'FROM debian:12-slim',
        'RUN set -eux; \\',
        '    savedAptMark="$(apt-mark showmanual)"; \\',
        '    apt-get update; apt-get install -y --no-install-recommends gcc make libc6-dev; \\',
        '    make -C /src install; \\',
        "    apt-mark auto '.*' > /dev/null; apt-mark manual $savedAptMark; \\",
        '    apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \\',
        '    rm -rf /var/lib/apt/lists/*',
        '',
      ].join('\n'),
    },
    { name: 'removed by name in a later RUN', code: 'FROM debian:12\nRUN apt-get install -y gcc\nRUN cc -o /x x.c && apt-get remove -y gcc\n' },
    { name: 'packages from a variable are not read', code: 'FROM debian:12\nARG DEPS="gcc make"\nRUN apt-get install -y $DEPS\n' },
    { name: 'curl and wget are fine (health checks)', code: 'FROM debian:12\nRUN apt-get install -y curl wget ca-certificates\n' },
    { name: 'dev headers are not tools', code: 'FROM alpine:3.20\nRUN apk add --no-cache musl-dev libffi-dev\n' },
    { name: 'ONBUILD installs happen in child images', code: 'FROM debian:12\nONBUILD RUN apt-get install -y gcc\n' },
    {
      name: 'a toolchain image with no service of its own (no CMD, no EXPOSE): the compilers are what it is for',
      code: 'FROM buildpack-deps:bookworm-scm\nRUN apt-get update && apt-get install -y --no-install-recommends g++ gcc libc6-dev make\nENV PATH=/usr/local/go/bin:$PATH\n',
    },
    { name: 'a language base image whose command is a REPL', code: 'FROM debian:12-slim\nRUN apt-get install -y --no-install-recommends gcc make\nCMD ["irb"]\n' },
    {
      name: 'socat for an admin socket and netcat for a health probe are runtime tools, like curl',
      code: 'FROM debian:12-slim\nRUN apt-get install -y --no-install-recommends ca-certificates socat netcat-openbsd\nCMD ["haproxy", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]\n',
    },
  ],
  invalid: [
    {
      name: 'single-stage image keeps gcc and make',
      code: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc make \\\n && pip install -r requirements.txt\nCMD ["python", "-m", "app"]\n',
      errors: [
        { messageId: 'tool', line: 2, column: 66, endLine: 2, endColumn: 69, message: 'keeps gcc (a compiler/build tool)' },
        { messageId: 'tool', line: 2, column: 70 },
      ],
    },
    {
      name: 'scanning and debug tools, pinned versions, yum (ncat is a runtime tool)',
      code: 'FROM rockylinux:9\nRUN yum install -y nmap-ncat strace-5.18 tcpdump nmap && yum clean all\nCMD ["/app"]\n',
      errors: [
        { messageId: 'tool', line: 2, column: 30, message: 'strace (strace-5.18) (a debugger/tracer)' },
        { messageId: 'tool', line: 2, column: 42, message: 'tcpdump (a network scanning tool)' },
        { messageId: 'tool', line: 2, column: 50, message: 'nmap (a network scanning tool)' },
      ],
    },
    {
      name: 'apk add gdb with a version, in a parent stage of the final stage',
      code: 'FROM alpine:3.20 AS base\nRUN apk add --no-cache netcat-openbsd=1.226-r0 gdb=15.1-r0\nFROM base\nCMD ["/app"]\n',
      errors: [{ messageId: 'tool', line: 2, column: 48, message: 'gdb (gdb=15.1-r0) (a debugger/tracer)' }],
    },
    {
      name: 'a REPL command but EXPOSE: there is a service, and it keeps a compiler',
      code: 'FROM python:3.12-slim\nRUN apt-get install -y --no-install-recommends gcc\nEXPOSE 8000\nCMD ["python3"]\n',
      errors: [{ messageId: 'tool', line: 2, column: 48, message: 'keeps gcc' }],
    },
    {
      name: 'a different package removed than installed',
      code: 'FROM debian:12\nRUN apt-get install -y build-essential && apt-get purge -y gcc\nCMD ["/app"]\n',
      errors: [{ messageId: 'tool', line: 2, column: 24 }],
    },
  ],
});
