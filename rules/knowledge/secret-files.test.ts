import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifySecretPath } from './secret-files.js';

const kind = (path: string, content?: string) => classifySecretPath(path, content === undefined ? undefined : () => content)?.kind;

describe('classifySecretPath', () => {
  it('knows secret files by name', () => {
    assert.equal(kind('.env'), 'env-file');
    assert.equal(kind('./config/.env.production'), 'env-file');
    assert.equal(kind('id_rsa'), 'private-key');
    assert.equal(kind('/root/.ssh/id_ed25519'), 'ssh-dir');
    assert.equal(kind('.ssh/'), 'ssh-dir');
    assert.equal(kind('.aws'), 'cloud-credentials');
    assert.equal(kind('home/.aws/credentials'), 'cloud-credentials');
    assert.equal(kind('.netrc'), 'netrc');
    assert.equal(kind('.git-credentials'), 'git-credentials');
    assert.equal(kind('kubeconfig'), 'kubeconfig');
    assert.equal(kind('.kube/config'), 'kubeconfig');
    assert.equal(kind('tls.key'), 'private-key');
    assert.equal(kind('config/master.key'), 'private-key');
    assert.equal(kind('cert.p12'), 'keystore');
    assert.equal(kind('credentials.json'), 'service-account');
    assert.equal(kind('.gnupg'), 'gnupg-dir');
  });

  it('leaves templates, public keys and certificates alone', () => {
    assert.equal(kind('.env.example'), undefined);
    assert.equal(kind('.env.sample'), undefined);
    assert.equal(kind('.env.template'), undefined);
    assert.equal(kind('id_rsa.pub'), undefined);
    assert.equal(kind('.ssh/known_hosts'), undefined);
    assert.equal(kind('ca.pem'), undefined);
    assert.equal(kind('fullchain.pem'), undefined);
    assert.equal(kind('nodesource.gpg.key'), undefined);
    assert.equal(kind('repo-signing.key'), undefined);
    assert.equal(kind('truststore.jks'), undefined);
    assert.equal(kind('environment.ts'), undefined);
    assert.equal(kind('.envrc'), undefined);
  });

  it('decides by content when it can read the file', () => {
    assert.equal(kind('.env', 'NODE_ENV=production\nPORT=3000\n'), undefined);
    assert.equal(kind('.env', 'NODE_ENV=production\nDB_PASSWORD=${DB_PASSWORD}\n'), undefined);
    assert.equal(kind('.env', 'DB_PASSWORD=s3cr3t-v4lue\n'), 'env-file');
    assert.equal(kind('server.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n'), undefined);
    assert.equal(kind('server.pem', '-----BEGIN PRIVATE KEY-----\nMIIE\n'), 'private-key');
    assert.equal(kind('key.pem'), 'private-key');
    assert.equal(kind('public.key', '-----BEGIN PUBLIC KEY-----\n'), undefined);
  });

  it('reports config files only when they hold a credential', () => {
    assert.equal(kind('.npmrc'), undefined);
    assert.equal(kind('.npmrc', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n'), undefined);
    assert.equal(kind('.npmrc', '//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789\n'), 'registry-credentials');
    assert.equal(kind('.pypirc', '[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmc\n'), 'registry-credentials');
    assert.equal(kind('.docker/config.json', '{"credHelpers":{"gcr.io":"gcloud"}}'), undefined);
    assert.equal(kind('.docker/config.json', '{"auths":{"x":{"auth":"dXNlcjpwYXNz"}}}'), 'registry-credentials');
    assert.equal(kind('settings.xml', '<settings><servers><server><password>${env.MVN_PW}</password></server></servers></settings>'), undefined);
    assert.equal(kind('.m2/settings.xml', '<server><password>hunter2</password></server>'), 'registry-credentials');
    assert.equal(kind('prod.tfvars', 'region = "eu-west-1"\ninstance_count = 3\n'), undefined);
    assert.equal(kind('prod.tfvars', 'db_password = "hunter2-prod"\n'), 'terraform-vars');
    assert.equal(kind('gcp-service-account.json', '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----"}'), 'service-account');
    assert.equal(kind('gcp-service-account.json', '{"type": "external_account", "audience": "x"}'), undefined);
  });
});
