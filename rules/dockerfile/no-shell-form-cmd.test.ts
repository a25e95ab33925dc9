import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule, { plainArgv } from './no-shell-form-cmd.js';

ruleTester(rule, {
  valid: [
    'FROM node:22\nCMD ["node", "server.js"]\n',
    { name: 'shell form in a build stage only', code: 'FROM golang:1.23 AS build\nCMD go test ./...\nFROM alpine:3.20\nCMD ["/app"]\n' },
    { name: 'overridden by a later exec-form CMD', code: 'FROM alpine:3.20\nCMD echo hi\nCMD ["/app"]\n' },
    { name: 'exec-form ENTRYPOINT alone', code: 'FROM alpine:3.20\nENTRYPOINT ["/app"]\n' },
    { name: 'CMD of a parent stage dropped by ENTRYPOINT', code: 'FROM alpine:3.20 AS base\nCMD run.sh\nFROM base\nENTRYPOINT ["/app"]\n' },
    { name: 'Windows SHELL: PowerShell rules apply', code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nCMD Start-Service w3svc\n' },
    { name: 'empty exec form', code: 'FROM alpine:3.20\nCMD []\n' },
    'FROM alpine:3.20\nCMD\n',
  ],
  invalid: [
    {
      name: 'plain command: safe exec-form fix',
      code: 'FROM node:22\nCMD node server.js --port 8080\n',
      errors: [{ messageId: 'shellForm', line: 2, column: 1, endLine: 2, endColumn: 31, message: 'CMD in shell form' }],
      fixTitle: 'Use exec form ["node", "server.js", "--port", "8080"]',
      safe: true,
      output: 'FROM node:22\nCMD ["node", "server.js", "--port", "8080"]\n',
    },
    {
      name: 'exec and simple quotes, JSON-escaped',
      code: "FROM nginx:1.27\nCMD exec nginx -g 'daemon off;' -c \"/etc/nginx/my 'site'.conf\"\n",
      errors: [{ messageId: 'shellForm', line: 2, column: 1 }],
      output: 'FROM nginx:1.27\nCMD ["nginx", "-g", "daemon off;", "-c", "/etc/nginx/my \'site\'.conf"]\n',
      safe: true,
    },
    {
      name: 'line continuation, escape directive',
      code: '# escape=`\nFROM alpine:3.20\nCMD /app `\n  --verbose\n',
      errors: [{ messageId: 'shellForm', line: 3, column: 1 }],
      output: '# escape=`\nFROM alpine:3.20\nCMD ["/app", "--verbose"]\n',
      safe: true,
    },
    {
      name: 'shell syntax: reported, no fix',
      code: 'FROM alpine:3.20\nCMD /app --port $PORT 2>&1 | tee /log\n',
      errors: [{ messageId: 'shellForm', line: 2, column: 1 }],
      output: null,
    },
    {
      name: 'ENTRYPOINT without CMD: safe',
      code: 'FROM python:3.12-slim\nENTRYPOINT python -m app\n',
      errors: [{ messageId: 'shellForm', line: 2, column: 1, message: 'ENTRYPOINT in shell form' }],
      safe: true,
      output: 'FROM python:3.12-slim\nENTRYPOINT ["python", "-m", "app"]\n',
    },
    {
      name: 'ENTRYPOINT with a CMD in effect: offered, not safe',
      code: 'FROM python:3.12-slim\nCMD ["--workers", "2"]\nENTRYPOINT gunicorn app:app\n',
      errors: [{ messageId: 'shellForm', line: 3, column: 1 }],
      fixTitle: 'the CMD becomes its arguments',
      safe: false,
      output: 'FROM python:3.12-slim\nCMD ["--workers", "2"]\nENTRYPOINT ["gunicorn", "app:app"]\n',
    },
    {
      name: 'CMD with an exec-form ENTRYPOINT: offered, not safe; POSIX SHELL does not matter',
      code: 'FROM alpine:3.20\nSHELL ["/bin/ash", "-eo", "pipefail", "-c"]\nENTRYPOINT ["/sbin/tini", "--"]\nCMD /app serve\n',
      errors: [{ messageId: 'shellForm', line: 4, column: 1, message: 'the ENTRYPOINT then receives the program' }],
      safe: false,
      output: 'FROM alpine:3.20\nSHELL ["/bin/ash", "-eo", "pipefail", "-c"]\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["/app", "serve"]\n',
    },
    {
      name: 'a shell-form ENTRYPOINT ignores CMD: only the ENTRYPOINT is reported; the fix converts the CMD too (else /app would get `/bin/sh -c --verbose`)',
      code: 'FROM alpine:3.20\nENTRYPOINT /app\nCMD --verbose\n',
      errors: [{ messageId: 'shellForm', line: 2, column: 1, message: 'ENTRYPOINT in shell form' }],
      safe: false,
      fixTitle: 'Use exec form ["/app"] and CMD ["--verbose"] (the CMD becomes its arguments)',
      output: 'FROM alpine:3.20\nENTRYPOINT ["/app"]\nCMD ["--verbose"]\n',
    },
    {
      name: 'a shell-form ENTRYPOINT with a CMD that needs a shell: no fix',
      code: 'FROM alpine:3.20\nENTRYPOINT /app\nCMD --port $PORT\n',
      errors: [{ messageId: 'shellForm', line: 2, column: 1 }],
      output: null,
    },
    {
      name: 'ENTRYPOINT followed by an exec-form CMD: offered, not safe',
      code: 'FROM alpine:3.20\nENTRYPOINT /app\nCMD ["--verbose"]\n',
      errors: [{ messageId: 'shellForm', line: 2, column: 1 }],
      safe: false,
      output: 'FROM alpine:3.20\nENTRYPOINT ["/app"]\nCMD ["--verbose"]\n',
    },
    {
      name: 'shell-form CMD inherited from the parent stage',
      code: 'FROM alpine:3.20 AS base\nCMD /app\nFROM base\nRUN true\n',
      errors: [{ messageId: 'shellForm', line: 2, column: 1 }],
      output: 'FROM alpine:3.20 AS base\nCMD ["/app"]\nFROM base\nRUN true\n',
      safe: true,
    },
    {
      name: 'malformed JSON is shell form',
      code: 'FROM alpine:3.20\nCMD ["/app"\n',
      errors: [{ messageId: 'shellForm', line: 2, column: 1 }],
      output: null,
    },
  ],
});

describe('plainArgv', () => {
  const cases: [string, string[] | undefined][] = [
    ['node server.js', ['node', 'server.js']],
    ['exec gosu app /run.sh', ['gosu', 'app', '/run.sh']],
    ['a "b c" \'d $e\'', ['a', 'b c', 'd $e']],
    ['a ""', ['a', '']],
    ['echo $HOME', undefined],
    ['a && b', undefined],
    ['a; b', undefined],
    ['a > f', undefined],
    ['ls *.txt', undefined],
    ['echo ~/x', undefined],
    ['a\\ b', undefined],
    ['"a$b"', undefined],
    ['FOO=1 app', undefined],
    ['cd /srv && ./app', undefined],
    ['exec -a name app', undefined],
    ['a "unclosed', undefined],
    ['a `date`', undefined],
    ['a # comment', undefined],
    ['', undefined],
  ];
  for (const [text, want] of cases) it(JSON.stringify(text), () => assert.deepEqual(plainArgv(text), want));
});
