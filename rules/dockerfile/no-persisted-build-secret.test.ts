import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-persisted-build-secret.js';

ruleTester(rule, {
  valid: [
    { name: 'secret mounted where the tool reads it', code: '# syntax=docker/dockerfile:1\nFROM node:20\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n' },
    {
      name: 'token written and removed in the same RUN',
      code: 'FROM node:20\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm -f .npmrc\n',
    },
    {
      name: 'npm config set undone with npm config delete',
      code: 'FROM node:20\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN npm config set //registry.npmjs.org/:_authToken "$NPM_TOKEN" && npm ci && npm config delete //registry.npmjs.org/:_authToken\n',
    },
    {
      name: 'docker login followed by logout',
      code: 'FROM docker:27\nRUN --mount=type=secret,id=pw cat /run/secrets/pw | docker login -u ci --password-stdin registry.example.com && docker pull registry.example.com/x && docker logout registry.example.com\n',
    },
    {
      name: 'secret read into a variable and used, nothing written',
      code: 'FROM alpine:3.20\nRUN --mount=type=secret,id=token TOKEN="$(cat /run/secrets/token)" && curl -fsS -H "Authorization: Bearer $TOKEN" -o /tmp/x https://example.com/x\n',
    },
    { name: 'writes of non-secret values', code: 'FROM alpine:3.20\nRUN echo "export PATH=$PATH:/opt/bin" >> /etc/profile && echo "$APP_VERSION" > /VERSION\n' },
    {
      name: 'write under a cache mount',
      code: 'FROM node:20\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN --mount=type=cache,target=/root/.npm echo "$NPM_TOKEN" > /root/.npm/token && npm ci\n',
    },
    { name: 'secret to stderr or /dev/null', code: 'FROM alpine:3.20\nRUN --mount=type=secret,id=t cat /run/secrets/t > /dev/null\n' },
    { name: 'aws configure without a secret mount is DF037', code: 'FROM amazon/aws-cli:2.17.0\nRUN aws configure set aws_secret_access_key "$AWS_SECRET_ACCESS_KEY"\n' },
    { name: 'a public key exported under a variable named key', code: 'FROM debian:12\nRUN key=ABC; gpg --batch --export --armor "$key" > /usr/share/keyrings/x.asc\n' },
    {
      name: 'a loop over fingerprints named key',
      code: "FROM debian:12\nRUN for key in 'A9C5DF4D22E99998D9875A5110C01C5A2F6059E7' '5C3C5F3E314C866292F359A8F3AD5C94A67F707E'; do \\\n    gpg --batch --export --armor \"$key\" >> filtered-KEYS; \\\n  done\n",
    },
    { name: 'a variable named token holding a literal', code: 'FROM alpine:3.20\nRUN token=v1.2.3 && echo "$token" > /etc/app-token-format\n' },
  ],
  invalid: [
    {
      name: 'a secret-named build argument written to a file',
      code: 'FROM alpine:3.20\nARG SIGNING_KEY\nRUN echo "$SIGNING_KEY" > /etc/app/signing.key\n',
      errors: [{ messageId: 'fileWrite', line: 3, column: 25, message: 'writes a secret to /etc/app/signing.key' }],
    },
    {
      name: 'a variable named key read from a secret mount, written inside a loop body',
      code: 'FROM alpine:3.20\nRUN --mount=type=secret,id=gpg key="$(cat /run/secrets/gpg)"; for f in a b; do echo "$key" > /etc/app.key; done\n',
      errors: [{ messageId: 'fileWrite', line: 2, column: 92 }],
    },
    {
      name: 'a private key exported from the keyring',
      code: 'FROM debian:12\nRUN key=ABC; gpg --batch --export-secret-keys --armor "$key" > /root/private.asc\n',
      errors: [{ messageId: 'fileWrite', line: 2, column: 62, message: 'writes a secret to /root/private.asc' }],
    },
    {
      name: 'secret mount copied to a file',
      code: 'FROM alpine:3.20\nRUN --mount=type=secret,id=key cp /run/secrets/key /root/.ssh/id_ed25519 && ssh-keyscan github.com >> /root/.ssh/known_hosts\n',
      errors: [{ messageId: 'fileWrite', line: 2, column: 52, message: 'writes a secret to /root/.ssh/id_ed25519' }],
    },
    {
      name: 'token from an env secret written to ~/.npmrc',
      code: 'FROM node:20\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > ~/.npmrc && npm ci\n',
      errors: [{ messageId: 'fileWrite', line: 2, column: 99, message: '~/.npmrc' }],
    },
    {
      name: 'cat of the mounted file redirected; tee',
      code: 'FROM alpine:3.20\nRUN --mount=type=secret,id=cfg,target=/tmp/cfg cat /tmp/cfg > /etc/app.conf\nRUN --mount=type=secret,id=t cat /run/secrets/t | tee /opt/token >/dev/null\n',
      errors: [
        { messageId: 'fileWrite', line: 2, column: 61 },
        { messageId: 'fileWrite', line: 3, column: 55 },
      ],
    },
    {
      name: 'npm config set with a secret-named variable, never deleted',
      code: 'FROM node:20\nRUN npm config set //npm.pkg.github.com/:_authToken "$GITHUB_TOKEN" && npm ci\n',
      errors: [{ messageId: 'configStore', line: 2, column: 5, message: '`npm config set` stores the credential in ~/.npmrc' }],
    },
    {
      name: 'docker login with a secret mount, no logout',
      code: 'FROM docker:27\nRUN --mount=type=secret,id=pw docker login -u ci --password-stdin registry.example.com < /run/secrets/pw && docker pull registry.example.com/x\n',
      errors: [{ messageId: 'configStore', line: 2, column: 31, message: '~/.docker/config.json' }],
    },
    {
      name: 'gcloud with a mounted key file keeps credentials in ~/.config/gcloud',
      code: 'FROM google/cloud-sdk:480.0.0\nRUN --mount=type=secret,id=gcp gcloud auth activate-service-account --key-file=/run/secrets/gcp && gsutil cp gs://b/x /x\n',
      errors: [{ messageId: 'configStore', line: 2, column: 32, message: '~/.config/gcloud' }],
    },
  ],
});
