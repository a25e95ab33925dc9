import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-unmounted-cli-login.js';

ruleTester(rule, {
  valid: [
    'FROM amazon/aws-cli:2.17.0\nRUN aws configure set region eu-west-1\n',
    {
      name: 'AWS credentials from a secret mount',
      code: '# syntax=docker/dockerfile:1\nFROM amazon/aws-cli:2.17.0\nRUN --mount=type=secret,id=aws,target=/root/.aws/credentials aws s3 cp s3://bucket/x /x\n',
    },
    {
      name: 'login with a secret mount (DF041 checks the stored copy)',
      code: 'FROM docker:27\nRUN --mount=type=secret,id=pw docker login -u ci --password-stdin r.example.com < /run/secrets/pw && docker logout r.example.com\n',
    },
    { name: 'az login with a managed identity holds no secret', code: 'FROM mcr.microsoft.com/azure-cli:2.62.0\nRUN az login --identity\n' },
    { name: 'docker login without a password (interactive) is not a credential setup', code: 'FROM docker:27\nRUN docker logout || true\n' },
    { name: 'gcloud config only', code: 'FROM google/cloud-sdk:480.0.0\nRUN gcloud config set project demo\n' },
  ],
  invalid: [
    {
      name: 'aws configure set with build arguments',
      code: 'FROM amazon/aws-cli:2.17.0\nARG AWS_ACCESS_KEY_ID\nARG AWS_SECRET_ACCESS_KEY\nRUN aws configure set aws_access_key_id "$AWS_ACCESS_KEY_ID" \\\n && aws configure set aws_secret_access_key "$AWS_SECRET_ACCESS_KEY"\n',
      errors: [
        { messageId: 'login', line: 4, column: 5, level: 'error', message: '`aws configure set aws_access_key_id` stores a credential in ~/.aws/credentials' },
        { messageId: 'login', line: 5, column: 5 },
      ],
    },
    {
      name: 'gcloud with a key file from the context',
      code: 'FROM google/cloud-sdk:480.0.0\nCOPY key.json /tmp/key.json\nRUN gcloud auth activate-service-account --key-file=/tmp/key.json\n',
      errors: [{ messageId: 'login', line: 3, column: 5, message: '~/.config/gcloud' }],
    },
    {
      name: 'az login with a service principal secret; doctl token',
      code: 'FROM mcr.microsoft.com/azure-cli:2.62.0\nRUN az login --service-principal -u "$APP_ID" -p "$CLIENT_SECRET" --tenant "$TENANT"\nRUN doctl auth init -t "$DO_TOKEN"\n',
      errors: [
        { messageId: 'login', line: 2, column: 5 },
        { messageId: 'login', line: 3, column: 5 },
      ],
    },
    {
      name: 'docker login -p; an SSH mount is not a secret mount',
      code: 'FROM docker:27\nRUN --mount=type=ssh echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin registry.example.com\n',
      errors: [{ messageId: 'login', line: 2, column: 50, message: '`docker login`' }],
    },
    {
      name: 'inside sh -c',
      code: 'FROM alpine/helm:3.15.2\nRUN sh -c "helm registry login r.example.com -u ci -p $HELM_PASSWORD"\n',
      errors: [{ messageId: 'login', line: 2, column: 12 }],
    },
  ],
});
