import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-copied-credential-file.js';

const SA = '{"type": "service_account", "project_id": "demo", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIE\\n"}';

ruleTester(rule, {
  valid: [
    {
      name: 'key file not in the checkout, but .dockerignore excludes it: nothing is copied',
      code: 'FROM python:3.12\nCOPY deploy/gcp-service-account.json /etc/app/sa.json\nENV GOOGLE_APPLICATION_CREDENTIALS=/etc/app/sa.json\n',
      files: { '.dockerignore': 'deploy/*.json\n' },
    },
    { name: 'variable for a file mounted at run time', code: 'FROM python:3.12\nENV GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/google/key.json\nCOPY app /app\n' },
    {
      name: 'COPY . /app, but the context has no such file (mounted at run time)',
      code: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nENV GOOGLE_APPLICATION_CREDENTIALS=/app/secrets/key.json\n',
      files: { 'main.py': 'print(1)\n' },
    },
    {
      name: 'workload identity federation config holds no secret',
      code: 'FROM python:3.12\nCOPY gcp-wif.json /etc/gcp/config.json\nENV GOOGLE_APPLICATION_CREDENTIALS=/etc/gcp/config.json\n',
      files: { 'gcp-wif.json': '{"type": "external_account", "audience": "//iam.googleapis.com/x"}' },
    },
    {
      name: 'AWS_CONFIG_FILE with only a region',
      code: 'FROM amazon/aws-cli:2.17.0\nCOPY aws.conf /etc/aws/config\nENV AWS_CONFIG_FILE=/etc/aws/config\n',
      files: { 'aws.conf': '[default]\nregion = eu-west-1\n' },
    },
    { name: 'AWS_CONFIG_FILE without content to prove a credential', code: 'FROM amazon/aws-cli:2.17.0\nCOPY aws.conf /etc/aws/config\nENV AWS_CONFIG_FILE=/etc/aws/config\n' },
    {
      name: 'file excluded by .dockerignore',
      code: 'FROM python:3.12\nCOPY . /app\nENV GOOGLE_APPLICATION_CREDENTIALS=/app/key.json\n',
      files: { 'key.json': SA, '.dockerignore': 'key.json\n' },
    },
    { name: 'ENV and COPY in unrelated stages', code: 'FROM python:3.12 AS a\nENV KUBECONFIG=/kube/config\nFROM python:3.12\nCOPY cluster.yaml /kube/config\n' },
    { name: 'a well-known secret file name is DF039’s', code: 'FROM bitnami/kubectl:1.30\nCOPY kubeconfig /root/.kube/config\nENV KUBECONFIG=/root/.kube/config\n' },
  ],
  invalid: [
    {
      name: 'key file not in the checkout (CI writes it before docker build): a warning that says why',
      code: 'FROM python:3.12\nCOPY deploy/gcp-service-account.json /etc/app/sa.json\nENV GOOGLE_APPLICATION_CREDENTIALS=/etc/app/sa.json\n',
      files: { 'deploy/README.md': 'keys go here\n' },
      errors: [{ messageId: 'copiedUnseen', line: 2, column: 6, level: 'warning', message: 'puts deploy/gcp-service-account.json there, which is not in the checkout' }],
    },
    {
      name: 'service account key copied to where the variable points',
      code: 'FROM python:3.12\nCOPY gcp.json /secrets/gcp.json\nENV GOOGLE_APPLICATION_CREDENTIALS=/secrets/gcp.json\n',
      errors: [{ messageId: 'copied', line: 2, column: 6, level: 'error', message: 'GOOGLE_APPLICATION_CREDENTIALS points at /secrets/gcp.json, and this COPY' }],
    },
    {
      name: 'COPY to the variable itself',
      code: 'FROM python:3.12\nENV GOOGLE_APPLICATION_CREDENTIALS=/etc/gcp/sa.json\nCOPY config/sa.json $GOOGLE_APPLICATION_CREDENTIALS\n',
      errors: [{ messageId: 'copied', line: 3, column: 6 }],
    },
    {
      name: 'COPY . . with the key in the context, relative to WORKDIR',
      code: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nENV GOOGLE_APPLICATION_CREDENTIALS=/app/config/gcp.json\n',
      files: { 'config/gcp.json': SA, 'main.py': 'print(1)\n' },
      errors: [{ messageId: 'copied', line: 3, column: 6 }],
    },
    {
      name: 'into a folder; ENV in a parent stage',
      code: 'FROM node:20 AS base\nENV AWS_SHARED_CREDENTIALS_FILE=/app/aws-creds\nFROM base\nCOPY aws-creds package.json /app/\n',
      files: { 'aws-creds': '[default]\naws_access_key_id = AKIA...\naws_secret_access_key = abc\n', 'package.json': '{}' },
      errors: [{ messageId: 'copied', line: 4, column: 6, message: 'AWS_SHARED_CREDENTIALS_FILE' }],
    },
    {
      name: 'KUBECONFIG with several files; from another stage',
      code: 'FROM alpine:3.20 AS fetch\nRUN true\nFROM bitnami/kubectl:1.30\nENV KUBECONFIG=/etc/kube/a.yaml:/etc/kube/b.yaml\nCOPY --from=fetch /out/cluster-b.yaml /etc/kube/b.yaml\n',
      errors: [{ messageId: 'copied', line: 5, column: 19 }],
    },
  ],
});
