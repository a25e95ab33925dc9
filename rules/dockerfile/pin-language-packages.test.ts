import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './pin-language-packages.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n',
    {
      name: 'pip pins, ranges, extras, local paths and URLs',
      code: 'FROM python:3.12\nRUN pip install "flask==3.0.3" "requests[socks]>=2.31,<3" . ./libs/x https://example.com/x.whl "git+https://github.com/a/b@v1"\n',
    },
    { name: 'pip bootstrap tools', code: 'FROM python:3.12\nRUN pip install --upgrade pip setuptools wheel\n' },
    {
      name: 'uv pip with its own value options (--python-preference, --requirements)',
      code: 'FROM python:3.12\nRUN uv pip install --no-cache --system --python-preference system --index https://pypi.org/simple --requirements requirements.txt\n',
    },
    { name: 'pip with constraints', code: 'FROM python:3.12\nRUN pip install -c constraints.txt flask\n' },
    { name: 'npm ci and npm install from package.json', code: 'FROM node:20\nRUN npm ci && npm install && npm install -g pnpm@9.1.0 @angular/cli@17\n' },
    { name: 'gem -v', code: 'FROM ruby:3.3\nRUN gem install bundler -v 2.5.6 && gem install rails:7.1.3\n' },
    { name: 'go install with a version or from go.mod', code: 'FROM golang:1.22\nRUN go install golang.org/x/tools/cmd/goimports@v0.20.0 && go install ./cmd/app\n' },
    { name: 'npm GitHub shorthand and tarballs', code: 'FROM node:20\nRUN npm install user/repo ./pkg.tgz\n' },
  ],
  invalid: [
    {
      name: 'uv pip install unpinned: named as uv pip',
      code: 'FROM python:3.12\nRUN uv pip install --system --python-preference system flask\n',
      errors: [{ messageId: 'unpinned', line: 2, column: 56, message: '`uv pip install` installs flask' }],
    },
    {
      name: 'pip install unpinned',
      code: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir flask gunicorn==22.0.0 requests\n',
      errors: [{ messageId: 'unpinned', line: 2, column: 32, level: 'info', message: 'flask, requests' }],
    },
    {
      name: 'python -m pip',
      code: 'FROM python:3.12\nRUN python3 -m pip install --user httpie\n',
      errors: [{ messageId: 'unpinned', line: 2, column: 35 }],
    },
    {
      name: 'npm -g with @latest',
      code: 'FROM node:20\nRUN npm install -g npm@latest typescript\n',
      errors: [{ messageId: 'unpinned', line: 2, column: 20, message: 'npm@latest, typescript' }],
    },
    {
      name: 'yarn global add, scoped package',
      code: 'FROM node:20\nRUN yarn global add @nestjs/cli\n',
      errors: [{ messageId: 'unpinned', line: 2, column: 21 }],
    },
    {
      name: 'gem install without -v',
      code: 'FROM ruby:3.3\nRUN gem install bundler\n',
      errors: [{ messageId: 'unpinned', line: 2, column: 17 }],
    },
    {
      name: 'go install @latest',
      code: 'FROM golang:1.22\nRUN go install github.com/go-delve/delve/cmd/dlv@latest\n',
      errors: [{ messageId: 'unpinned', line: 2, column: 16 }],
    },
  ],
});
