import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-plain-http-download.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nRUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz\n',
    {
      name: 'apt sources over http: packages are signature-checked',
      code: 'FROM debian:12\nRUN echo "deb http://deb.debian.org/debian bookworm main" > /etc/apt/sources.list && apt-get update\n',
    },
    { name: 'sed rewriting a mirror is not a download', code: 'FROM ubuntu:24.04\nRUN sed -i "s|http://archive.ubuntu.com|http://mirror.example.com|g" /etc/apt/sources.list\n' },
    { name: 'localhost during the build', code: 'FROM alpine:3.20\nRUN ./server & sleep 1 && curl -fsS http://localhost:8080/health && wget -qO- http://127.0.0.1:9000/ready\n' },
    {
      name: 'http download verified with gpg in the same RUN',
      code: 'FROM debian:12\nRUN wget -O app.tgz http://downloads.example.org/app.tgz \\\n && wget -O app.tgz.asc http://downloads.example.org/app.tgz.asc \\\n && gpg --batch --verify app.tgz.asc app.tgz\n',
    },
    { name: 'pip with --require-hashes', code: 'FROM python:3.12\nRUN pip install --require-hashes -i http://pypi.internal/simple -r requirements.txt\n' },
    { name: 'XML namespace in an echo', code: 'FROM alpine:3.20\nRUN echo \'<project xmlns="http://maven.apache.org/POM/4.0.0"/>\' > pom.xml\n' },
    {
      name: 'ADD over http with --checksum',
      code: 'FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d http://example.com/a.txt /a.txt\n',
    },
    { name: 'POST to a plain URL is not a download', code: 'FROM alpine:3.20\nRUN curl -X POST http://hooks.example.com/built\n' },
    { name: 'https index variable', code: 'FROM python:3.12\nENV PIP_INDEX_URL=https://pypi.example.com/simple\n' },
  ],
  invalid: [
    {
      name: 'curl over http',
      code: 'FROM alpine:3.20\nRUN curl -fsSLo /usr/local/bin/tool http://example.com/tool\n',
      errors: [{ messageId: 'plain', line: 2, column: 37, endColumn: 60, message: 'http://example.com/tool is fetched over plain http' }],
      fixTitle: 'Use https:// instead of http://',
      safe: false,
      output: 'FROM alpine:3.20\nRUN curl -fsSLo /usr/local/bin/tool https://example.com/tool\n',
    },
    {
      name: 'wget in quotes; ftp has no fix',
      code: 'FROM alpine:3.20\nRUN wget "ftp://ftp.example.org/pub/x.tar.gz"\n',
      errors: [{ messageId: 'plain', line: 2, column: 11, message: 'plain ftp' }],
      output: null,
    },
    {
      name: 'git clone over git:// and http://',
      code: 'FROM alpine:3.20\nRUN git clone git://git.example.org/app.git && git clone http://git.example.org/lib.git\n',
      errors: [
        { messageId: 'plain', line: 2, column: 15 },
        { messageId: 'plain', line: 2, column: 58 },
      ],
      fixes: [
        {
          title: 'Use https:// instead of git://',
          safe: false,
          output: 'FROM alpine:3.20\nRUN git clone https://git.example.org/app.git && git clone http://git.example.org/lib.git\n',
        },
        {
          title: 'Use https:// instead of http://',
          safe: false,
          output: 'FROM alpine:3.20\nRUN git clone git://git.example.org/app.git && git clone https://git.example.org/lib.git\n',
        },
      ],
    },
    {
      name: 'pip index over http',
      code: 'FROM python:3.12\nRUN pip install --index-url=http://pypi.internal/simple app==1.0\n',
      errors: [{ messageId: 'plain', line: 2, column: 29 }],
      output: 'FROM python:3.12\nRUN pip install --index-url=https://pypi.internal/simple app==1.0\n',
    },
    {
      name: 'npm registry and ADD over http',
      code: 'FROM node:20\nRUN npm install --registry http://registry.internal/ left-pad\nADD http://example.com/a.txt /a.txt\n',
      errors: [
        { messageId: 'plain', line: 2, column: 28 },
        { messageId: 'plain', line: 3, column: 5 },
      ],
      fixes: [
        {
          title: 'Use https:// instead of http://',
          safe: false,
          output: 'FROM node:20\nRUN npm install --registry https://registry.internal/ left-pad\nADD http://example.com/a.txt /a.txt\n',
        },
        {
          title: 'Use https:// instead of http://',
          safe: false,
          output: 'FROM node:20\nRUN npm install --registry http://registry.internal/ left-pad\nADD https://example.com/a.txt /a.txt\n',
        },
      ],
    },
    {
      name: 'ENV pointing pip at an http index',
      code: 'FROM python:3.12\nENV PIP_INDEX_URL=http://pypi.internal/simple PIP_TRUSTED_HOST=pypi.internal\n',
      errors: [{ messageId: 'index', line: 2, column: 19, message: 'PIP_INDEX_URL points at http://pypi.internal/simple' }],
      output: 'FROM python:3.12\nENV PIP_INDEX_URL=https://pypi.internal/simple PIP_TRUSTED_HOST=pypi.internal\n',
    },
    {
      name: 'inside sh -c, upper-case scheme keeps its case',
      code: 'FROM alpine:3.20\nRUN sh -c "wget -q HTTP://EXAMPLE.COM/X"\n',
      errors: [{ messageId: 'plain', line: 2, column: 20 }],
      output: 'FROM alpine:3.20\nRUN sh -c "wget -q HTTPS://EXAMPLE.COM/X"\n',
    },
  ],
});
