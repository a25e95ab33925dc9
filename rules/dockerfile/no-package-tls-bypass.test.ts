import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-package-tls-bypass.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n',
    { name: 'strict-ssl true', code: 'FROM node:20\nRUN npm config set strict-ssl true && npm ci\n' },
    { name: 'sslverify=1', code: 'FROM fedora:40\nRUN dnf --setopt=sslverify=1 install -y tool\n' },
    { name: 'a cafile instead of turning checks off', code: 'FROM node:20\nRUN npm config set cafile /etc/ssl/certs/corp.pem && npm ci\n' },
    { name: 'npm c set shown in a message, not run', code: 'FROM node:20\nRUN npm ci && echo "behind a proxy? npm c set strict-ssl false"\n' },
    { name: 'apt Verify-Peer true', code: 'FROM debian:12\nRUN apt-get -o Acquire::https::Verify-Peer=true update\n' },
  ],
  invalid: [
    {
      name: '--trusted-host and its host starting a continued line',
      code: 'FROM python:3.12\nRUN pip install \\\n--trusted-host pypi.example.com -r requirements.txt\n',
      errors: [{ messageId: 'trustedHost', line: 3, column: 1 }],
      safe: true,
      output: 'FROM python:3.12\nRUN pip install \\\n-r requirements.txt\n',
    },
    {
      name: '--trusted-host and its host on two continued lines under # escape=`',
      code: '# escape=`\nFROM python:3.12\nRUN pip install -r requirements.txt `\n    --trusted-host `\n    pypi.example.com `\n    --no-cache-dir\n',
      errors: [{ messageId: 'trustedHost', line: 4, column: 5 }],
      output: '# escape=`\nFROM python:3.12\nRUN pip install -r requirements.txt `\n    --no-cache-dir\n',
    },
    {
      name: 'npm --strict-ssl=false starting a continued line',
      code: 'FROM node:20\nRUN npm ci \\\n--strict-ssl=false --omit=dev\n',
      errors: [{ messageId: 'strictSslFlag', line: 3, column: 1 }],
      output: 'FROM node:20\nRUN npm ci \\\n--omit=dev\n',
    },
    {
      name: 'yum --setopt=sslverify=0 starting a continued line',
      code: 'FROM rockylinux:9\nRUN yum install -y \\\n--setopt=sslverify=0 tool\n',
      errors: [{ messageId: 'sslverify', line: 3, column: 1 }],
      output: 'FROM rockylinux:9\nRUN yum install -y \\\ntool\n',
    },
    {
      name: 'pip --trusted-host with its value',
      code: 'FROM python:3.12-slim\nRUN pip install --trusted-host pypi.example.com -r requirements.txt\n',
      errors: [{ messageId: 'trustedHost', line: 2, column: 17, level: 'error', message: 'pypi.example.com' }],
      safe: true,
      output: 'FROM python:3.12-slim\nRUN pip install -r requirements.txt\n',
    },
    {
      name: 'python -m pip --trusted-host=host',
      code: 'FROM python:3.12-slim\nRUN python3 -m pip install --trusted-host=pypi.example.com flask==3.0.0\n',
      errors: [{ messageId: 'trustedHost', line: 2, column: 28 }],
      output: 'FROM python:3.12-slim\nRUN python3 -m pip install flask==3.0.0\n',
    },
    {
      name: 'npm config set strict-ssl false joined by &&',
      code: 'FROM node:20\nRUN npm config set strict-ssl false && \\\n    npm ci --omit=dev\n',
      errors: [{ messageId: 'strictSsl', line: 2, column: 5 }],
      output: 'FROM node:20\nRUN npm ci --omit=dev\n',
    },
    {
      name: 'yarn config set strict-ssl false alone in a RUN',
      code: 'FROM node:20\nRUN yarn config set strict-ssl false\nRUN yarn install --frozen-lockfile\n',
      errors: [{ messageId: 'strictSsl', line: 2, column: 5 }],
      output: 'FROM node:20\nRUN yarn install --frozen-lockfile\n',
    },
    {
      name: 'npm c (the alias of config) set strict-ssl false',
      code: 'FROM node:20\nRUN npm c set strict-ssl false && npm ci\n',
      errors: [{ messageId: 'strictSsl', line: 2, column: 5, message: '`npm config set strict-ssl false`' }],
      output: 'FROM node:20\nRUN npm ci\n',
    },
    {
      name: 'npm --strict-ssl=false flag',
      code: 'FROM node:20\nRUN npm install --strict-ssl=false\n',
      errors: [{ messageId: 'strictSslFlag', line: 2, column: 17 }],
      output: 'FROM node:20\nRUN npm install\n',
    },
    {
      name: 'last command of a list',
      code: 'FROM node:20\nRUN npm ci; npm set strict-ssl=false\n',
      errors: [{ messageId: 'strictSsl', line: 2, column: 13 }],
      output: 'FROM node:20\nRUN npm ci\n',
    },
    {
      name: 'yum-config-manager --setopt=*.sslverify=false',
      code: 'FROM centos:7\nRUN yum --setopt=*.sslverify=false install -y tool\n',
      errors: [{ messageId: 'sslverify', line: 2, column: 9 }],
      output: 'FROM centos:7\nRUN yum install -y tool\n',
    },
    {
      name: 'sslverify=0 written into a repo file',
      code: 'FROM rockylinux:9\nRUN echo "sslverify=0" >> /etc/yum.conf\n',
      errors: [{ messageId: 'sslverify', line: 2, column: 11 }],
      output: null,
    },
    {
      name: 'apt -o Acquire::https::Verify-Peer=false',
      code: 'FROM debian:12\nRUN apt-get -o Acquire::https::Verify-Peer=false update\n',
      errors: [{ messageId: 'aptVerify', line: 2, column: 13 }],
      output: 'FROM debian:12\nRUN apt-get update\n',
    },
    {
      name: 'apt.conf snippet in a heredoc',
      code: 'FROM debian:12\nRUN cat > /etc/apt/apt.conf.d/99insecure <<EOF\nAcquire::https::Verify-Peer "false";\nEOF\n',
      errors: [{ messageId: 'aptVerify', line: 3, column: 1 }],
    },
    {
      name: 'pip config set global.trusted-host',
      code: 'FROM python:3.12\nRUN pip config set global.trusted-host pypi.example.com && pip install flask==3.0.0\n',
      errors: [{ messageId: 'tool', line: 2, column: 5 }],
      output: 'FROM python:3.12\nRUN pip install flask==3.0.0\n',
    },
    {
      name: 'conda ssl_verify false',
      code: 'FROM continuumio/miniconda3:24.1.2-0\nRUN conda config --set ssl_verify false && conda install -y numpy=1.26\n',
      errors: [{ messageId: 'tool', line: 2, column: 5 }],
      output: 'FROM continuumio/miniconda3:24.1.2-0\nRUN conda install -y numpy=1.26\n',
    },
  ],
});
