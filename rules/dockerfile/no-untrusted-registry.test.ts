import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule, { isAllowed, parseAllowList } from './no-untrusted-registry.js';

// Without configuration the rule has nothing to compare against and reports nothing.
ruleTester(rule, {
  valid: ['FROM quay.io/evil/image:1.0\nCOPY --from=ghcr.io/x/y:1 /a /a\n', 'FROM scratch\n'],
  invalid: [],
});

/** Findings of DF050 with the given allow-list, as `line:column message-start`. */
function findings(code: string, allowedRegistries: unknown): string[] {
  const result = lintText('Dockerfile', code, 'dockerfile', { only: ['DF050'], ruleOptions: { DF050: { allowedRegistries } } });
  assert.deepEqual(result.errors, []);
  return result.findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message.split(',')[0]}`);
}

describe('DF050 no-untrusted-registry with an allow-list', () => {
  const allow = ['docker.io', 'ghcr.io/acme', '*.corp.example'];

  it('allows Docker Hub under any of its names, sub-domains of a wildcard, and a path prefix', () => {
    const code = [
      'FROM node:22',
      'FROM index.docker.io/library/alpine:3.20',
      'FROM registry.corp.example:5000/base/python:3.12',
      'FROM ghcr.io/acme/tools:1.0',
      'FROM ghcr.io/acme/team/app:1',
    ].join('\n');
    assert.deepEqual(findings(code, allow), []);
  });

  it('reports other registries, paths outside the prefix and look-alike hosts at the image', () => {
    const code = ['FROM quay.io/prometheus/node-exporter:v1.8.0', 'FROM ghcr.io/acmeevil/tools:1.0', 'FROM corp.example/base:1', 'FROM localhost:5000/app:1'].join('\n');
    assert.deepEqual(findings(code, allow), [
      '1:6 quay.io/prometheus/node-exporter:v1.8.0 comes from quay.io',
      '2:6 ghcr.io/acmeevil/tools:1.0 comes from ghcr.io',
      '3:6 corp.example/base:1 comes from corp.example',
      '4:6 localhost:5000/app:1 comes from localhost:5000',
    ]);
  });

  it('never judges scratch, stage references, unknown ARGs or COPY --from a stage', () => {
    const code = [
      'ARG BASE',
      'FROM ${BASE} AS build',
      'FROM build AS test',
      'FROM scratch',
      'COPY --from=build /a /a',
      'COPY --from=0 /b /b',
      'COPY --from=quay.io/x/y:1 /c /c',
    ].join('\n');
    assert.deepEqual(findings(code, ['docker.io']), ['7:13 quay.io/x/y:1 comes from quay.io']);
  });

  it('reads the image after ARG substitution', () => {
    assert.deepEqual(findings('ARG REG=quay.io\nFROM ${REG}/a/b:1\n', ['docker.io']), ['2:6 quay.io/a/b:1 comes from quay.io']);
  });

  it('an empty or malformed list means off', () => {
    assert.deepEqual(findings('FROM quay.io/a/b:1\n', []), []);
    assert.deepEqual(findings('FROM quay.io/a/b:1\n', 'docker.io'), []);
    assert.deepEqual(findings('FROM quay.io/a/b:1\n', [42, '']), []);
  });

  it("is silenced by ignore comments, ours and hadolint's", () => {
    assert.deepEqual(findings('# bosun-ignore DF050 -- vendor image\nFROM quay.io/a/b:1\n', ['docker.io']), []);
    assert.deepEqual(findings('# hadolint ignore=DL3026\nFROM quay.io/a/b:1\n', ['docker.io']), []);
  });

  it('parses and matches allow-list entries', () => {
    const list = parseAllowList(['https://Registry-1.Docker.io/', '*.GCR.io', 'ghcr.io/acme/'])!;
    assert.deepEqual(list, [
      { host: 'docker.io', wildcard: false, path: undefined },
      { host: 'gcr.io', wildcard: true, path: undefined },
      { host: 'ghcr.io', wildcard: false, path: 'acme' },
    ]);
    assert.ok(isAllowed('docker.io', 'library/nginx', list));
    assert.ok(isAllowed('us.gcr.io', 'p/i', list));
    assert.ok(!isAllowed('gcr.io', 'p/i', list), 'a wildcard needs a sub-domain');
    assert.ok(!isAllowed('ghcr.io', 'other/app', list));
    const ports = parseAllowList(['registry.local:5000', 'mirror.local'])!;
    assert.ok(isAllowed('registry.local:5000', 'a', ports));
    assert.ok(!isAllowed('registry.local:5001', 'a', ports), 'an entry with a port allows only that port');
    assert.ok(isAllowed('mirror.local:8443', 'a', ports), 'an entry without a port allows any port');
  });
});

describe('DF050 docs page examples, with the options the page names', () => {
  const md = readFileSync(join(__dirname, 'no-untrusted-registry.md'), 'utf8');
  const options = JSON.parse(/<!-- bosun-docs-options: (\{.*\}) -->/.exec(md)![1]) as { allowedRegistries: string[] };
  const section = (title: string) => new RegExp(`^## ${title}\\s*$([\\s\\S]*?)(?=^## )`, 'm').exec(md)![1];
  const blocks = (text: string) => [...text.matchAll(/```dockerfile\n([\s\S]*?)```/g)].map((m) => m[1]);
  it('Bad examples are flagged', () => {
    assert.ok(blocks(section('Bad')).length > 0 && blocks(section('Good')).length > 0);
    for (const b of blocks(section('Bad'))) assert.ok(findings(b, options.allowedRegistries).length > 0, b);
  });
  it('Good examples are not', () => {
    for (const g of blocks(section('Good'))) assert.deepEqual(findings(g, options.allowedRegistries), [], g);
  });
});
