import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-secret-file-copy.js';

ruleTester(rule, {
  valid: [
    'FROM node:20\nCOPY package.json package-lock.json ./\n',
    { name: 'env template', code: 'FROM node:20\nCOPY .env.example .env.example\n' },
    { name: 'public key and CA certificate', code: 'FROM debian:12\nCOPY id_ed25519.pub /root/.ssh/authorized_keys\nCOPY certs/ca.pem /usr/local/share/ca-certificates/ca.crt\n' },
    { name: 'repository signing key', code: 'FROM debian:12\nCOPY nodesource.gpg.key /etc/apt/keyrings/\n' },
    { name: '.npmrc whose content we cannot read is not assumed secret', code: 'FROM node:20\nCOPY .npmrc package.json ./\n' },
    {
      name: '.npmrc that only references a variable',
      code: 'FROM node:20\nCOPY .npmrc package.json ./\n',
      files: { '.npmrc': '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n', 'package.json': '{}' },
    },
    {
      name: '.env without secret values',
      code: 'FROM node:20\nCOPY .env ./\n',
      files: { '.env': 'NODE_ENV=production\nPORT=3000\n' },
    },
    {
      name: '.pem that is a certificate',
      code: 'FROM nginx:1.27\nCOPY server.pem /etc/nginx/certs/\n',
      files: { 'server.pem': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' },
    },
    {
      name: 'source excluded by .dockerignore copies nothing (DF043 reports it)',
      code: 'FROM node:20\nCOPY .env ./\n',
      files: { '.env': 'DB_PASSWORD=hunter2-prod\n', '.dockerignore': '.env\n' },
    },
    { name: 'heredoc and URL sources', code: 'FROM alpine:3.20\nCOPY <<EOF /etc/.env\nA=1\nEOF\nADD https://example.com/id_rsa.pub /tmp/\n' },
    {
      name: 'folder without secrets; a key excluded by .dockerignore',
      code: 'FROM nginx:1.27-alpine\nCOPY certs/ /etc/nginx/certs/\n',
      files: { 'certs/site.crt': '-----BEGIN CERTIFICATE-----\n', 'certs/site.key': '-----BEGIN PRIVATE KEY-----\n', '.dockerignore': '**/*.key\n' },
    },
    { name: 'wildcard matching no secret', code: 'FROM alpine:3.20\nCOPY *.pem /certs/\n', files: { 'ca.pem': '-----BEGIN CERTIFICATE-----\n' } },
  ],
  invalid: [
    {
      name: 'SSH private key',
      code: 'FROM alpine:3.20\nCOPY id_rsa /root/.ssh/id_rsa\n',
      errors: [{ messageId: 'copied', line: 2, column: 6, endColumn: 12, level: 'error', message: 'COPY puts an SSH private key (id_rsa)' }],
    },
    {
      name: '.env file with a secret, among other sources',
      code: 'FROM node:20\nWORKDIR /app\nCOPY package.json .env.production ./\n',
      files: { '.env.production': 'DATABASE_PASSWORD=Pr0d-Passw0rd!\n', 'package.json': '{}' },
      errors: [{ messageId: 'copied', line: 3, column: 19, message: 'an env file (.env.production)' }],
    },
    {
      name: 'folders: .ssh and .aws, JSON form',
      code: 'FROM amazon/aws-cli:2.17.0\nCOPY ["./.aws", "/root/.aws"]\nCOPY .ssh/ /root/.ssh/\n',
      errors: [
        { messageId: 'copied', line: 2, column: 7, message: 'AWS credentials' },
        { messageId: 'copied', line: 3, column: 6, message: 'an SSH folder' },
      ],
    },
    {
      name: '.npmrc with a literal token',
      code: 'FROM node:20\nCOPY .npmrc ./\nRUN npm ci && rm .npmrc\n',
      files: { '.npmrc': '//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789\n' },
      errors: [{ messageId: 'copied', line: 2, column: 6, message: 'an .npmrc with an auth token' }],
    },
    {
      name: 'a key file not in the checkout: judged by its name alone, a warning that says so',
      code: 'FROM alpine:3.20\nCOPY id_rsa /root/.ssh/id_rsa\n',
      files: { 'package.json': '{}' },
      errors: [{ messageId: 'copiedUnseen', line: 2, column: 6, endColumn: 12, level: 'warning', message: 'id_rsa is not in the checkout' }],
    },
    {
      name: 'the same key in the checkout: an error',
      code: 'FROM alpine:3.20\nCOPY id_rsa /root/.ssh/id_rsa\n',
      files: { id_rsa: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n' },
      errors: [{ messageId: 'copied', line: 2, column: 6, level: 'error' }],
    },
    {
      name: 'an .ssh folder in the checkout (a folder reads as nothing, yet it is there): an error',
      code: 'FROM alpine:3.20\nCOPY .ssh/ /root/.ssh/\n',
      files: { '.ssh/config': 'Host *\n' },
      errors: [{ messageId: 'copied', line: 2, column: 6, level: 'error', message: 'an SSH folder' }],
    },
    {
      name: 'wildcard expanded in the context',
      code: 'FROM alpine:3.20\nCOPY certs/*.pem /certs/\n',
      files: { 'certs/ca.pem': '-----BEGIN CERTIFICATE-----\n', 'certs/server-key.pem': '-----BEGIN RSA PRIVATE KEY-----\n' },
      errors: [{ messageId: 'copied', line: 2, column: 6, message: 'certs/server-key.pem' }],
    },
    {
      name: 'a private key inside a copied folder',
      code: 'FROM nginx:1.27-alpine\nCOPY certs/ /etc/nginx/certs/\n',
      files: { 'certs/site.crt': '-----BEGIN CERTIFICATE-----\n', 'certs/private/site.key': '-----BEGIN PRIVATE KEY-----\n' },
      errors: [{ messageId: 'copied', line: 2, column: 6, message: 'a private key (certs/private/site.key)' }],
    },
    {
      name: 'in a build stage the final image does not inherit: warning',
      code: 'FROM node:20 AS deps\nCOPY .npmrc package.json ./\nRUN npm ci\nFROM node:20-slim\nCOPY --from=deps /node_modules /app/node_modules\n',
      files: { '.npmrc': '//npm.pkg.github.com/:_authToken=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n', 'package.json': '{}' },
      errors: [{ messageId: 'buildStage', line: 2, column: 6, level: 'warning', message: 'into build stage deps' }],
    },
    {
      name: 'from another stage, by name; kubeconfig; ONBUILD',
      code: 'FROM alpine:3.20 AS tools\nRUN true\nFROM alpine:3.20\nCOPY --from=tools /root/.kube/config /root/.kube/config\nONBUILD COPY kubeconfig /etc/kubeconfig\n',
      errors: [
        { messageId: 'copied', line: 4, column: 19, message: 'a kubeconfig' },
        { messageId: 'copied', line: 5, column: 14 },
      ],
    },
    {
      name: 'private key by name when content is unknown; .netrc; keystore',
      code: 'FROM nginx:1.27\nCOPY tls/server.key /etc/nginx/tls/\nCOPY .netrc /root/\nCOPY release.p12 /app/\n',
      errors: [
        { messageId: 'copied', line: 2, column: 6, message: 'a private key (tls/server.key)' },
        { messageId: 'copied', line: 3, column: 6 },
        { messageId: 'copied', line: 4, column: 6 },
      ],
    },
  ],
});
