import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-risky-package-index.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12\nRUN pip install --index-url https://pypi.example.com/simple -r requirements.txt\n',
    { name: 'loopback mirror over http', code: 'FROM python:3.12\nRUN pip install --index-url http://localhost:3141/root/pypi/+simple/ flask==3.0.3\n' },
    { name: 'npm registry over https', code: 'FROM node:20\nRUN npm config set registry https://npm.example.com/ && npm ci\n' },
    { name: 'GOPROXY https', code: 'FROM golang:1.22\nENV GOPROXY=https://proxy.golang.org,direct\n' },
    { name: 'an ONBUILD RUN that only prints the setting', code: 'FROM python:3.12\nONBUILD RUN echo PIP_EXTRA_INDEX_URL=https://pypi.internal.example.com/simple\n' },
    { name: 'empty extra index', code: 'FROM python:3.12\nENV PIP_EXTRA_INDEX_URL=""\n' },
  ],
  invalid: [
    {
      name: 'pip --extra-index-url',
      code: 'FROM python:3.12\nRUN pip install --extra-index-url https://pypi.internal.example.com/simple internal-lib==1.2.0\n',
      errors: [{ messageId: 'extraIndex', line: 2, column: 17, level: 'info' }],
      output: null,
    },
    {
      name: 'PIP_EXTRA_INDEX_URL in ENV',
      code: 'FROM python:3.12\nENV PIP_EXTRA_INDEX_URL=https://pypi.internal.example.com/simple\n',
      errors: [{ messageId: 'extraIndex', line: 2, column: 5 }],
    },
    {
      name: 'PIP_EXTRA_INDEX_URL in an ONBUILD ARG',
      code: 'FROM python:3.12\nONBUILD ARG PIP_EXTRA_INDEX_URL=https://pypi.internal.example.com/simple\n',
      errors: [{ messageId: 'extraIndex', line: 2, column: 13 }],
    },
    {
      name: 'pip -i over http',
      code: 'FROM python:3.12\nRUN pip install -i http://mirror.example.com/simple flask==3.0.3\n',
      errors: [{ messageId: 'plainHttp', line: 2, column: 17, message: 'http://mirror.example.com/simple' }],
    },
    {
      name: 'npm config set registry http',
      code: 'FROM node:20\nRUN npm config set registry http://npm.example.com/ && npm ci\n',
      errors: [{ messageId: 'plainHttp', line: 2, column: 5 }],
    },
    {
      name: 'npm --registry http',
      code: 'FROM node:20\nRUN npm install --registry=http://npm.example.com/ left-pad@1.3.0\n',
      errors: [{ messageId: 'plainHttp', line: 2, column: 17 }],
    },
    {
      name: 'GOPROXY over http as a prefix assignment',
      code: 'FROM golang:1.22\nRUN GOPROXY=http://athens.example.com go mod download\n',
      errors: [{ messageId: 'plainHttp', line: 2, column: 5 }],
    },
    {
      name: 'uv unsafe-best-match',
      code: 'FROM python:3.12\nRUN uv pip install --system --index-strategy unsafe-best-match -r requirements.txt\n',
      errors: [{ messageId: 'unsafeStrategy', line: 2, column: 29 }],
    },
  ],
});
