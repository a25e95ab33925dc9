import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EOL_AS_OF, PRODUCTS, eolVerdicts } from './eol-images.js';

const verdict = (repo: string, tag: string | undefined) => eolVerdicts(repo, tag).map((v) => `${v.what}@${v.since ?? '-'}`);
const hub = (name: string) => `docker.io/library/${name}`;

describe('EOL image table', () => {
  it('is data with an as-of date, valid dates and a source per product', () => {
    assert.match(EOL_AS_OF, /^\d{4}-\d{2}-\d{2}$/);
    for (const p of PRODUCTS) {
      assert.ok(p.source.startsWith('https://'), p.name);
      assert.ok(p.repositories.length > 0, p.name);
      for (const c of p.cycles) {
        assert.match(c.eol, /^\d{4}-\d{2}-\d{2}$/, `${p.name} ${c.cycle}`);
        assert.ok(!Number.isNaN(Date.parse(c.eol)), `${p.name} ${c.cycle}`);
        assert.match(c.cycle, /^\d+(\.\d+)?$/, `${p.name} ${c.cycle}`);
      }
    }
  });

  it('matches release lines by version components, not by text prefix', () => {
    assert.deepEqual(verdict(hub('python'), '3.1'), []);
    assert.deepEqual(verdict(hub('python'), '3.10.14-slim'), ['Python 3.10@2026-10-31']);
    assert.deepEqual(verdict(hub('python'), '3.11'), []);
    assert.deepEqual(verdict(hub('python'), '2'), ['Python 2@2020-01-01']);
    assert.deepEqual(verdict(hub('python'), '3'), []);
  });

  it('uses the as-of date, not the clock: a release ending after it is still supported', () => {
    assert.deepEqual(verdict(hub('node'), '22'), []);
    assert.deepEqual(verdict(hub('node'), '20.18.0'), ['Node.js 20@2026-04-30']);
    assert.deepEqual(verdict(hub('php'), '8.2-fpm'), []);
    assert.deepEqual(verdict(hub('postgres'), '14-alpine'), ['PostgreSQL 14@2026-11-12']);
    assert.deepEqual(verdict(hub('postgres'), '15'), []);
  });

  it('reads codenames and OS suffixes', () => {
    assert.deepEqual(verdict(hub('debian'), 'buster-slim'), ['Debian 10@2024-06-30']);
    assert.deepEqual(verdict(hub('debian'), 'bookworm-20240612'), []);
    assert.deepEqual(verdict(hub('ubuntu'), 'jammy'), []);
    assert.deepEqual(verdict(hub('ubuntu'), '23.10'), ['Ubuntu 23.10@2024-07-11']);
    assert.deepEqual(verdict(hub('golang'), '1.26-alpine3.18'), ['Alpine Linux 3.18@2025-05-09']);
    assert.deepEqual(verdict(hub('ruby'), '3.3-slim-buster'), ['Debian 10 (buster)@2024-06-30']);
    assert.deepEqual(verdict('mcr.microsoft.com/dotnet/aspnet', '10.0-focal'), ['Ubuntu 20.04 (focal)@2025-05-31']);
  });

  it('amazonlinux 2023 is not Amazon Linux 2; 2018.03 is Amazon Linux 1', () => {
    assert.deepEqual(verdict(hub('amazonlinux'), '2023'), []);
    assert.deepEqual(verdict(hub('amazonlinux'), '2018.03'), ['Amazon Linux 2018.03@2023-12-31']);
    assert.deepEqual(verdict('public.ecr.aws/amazonlinux/amazonlinux', '2.0.20240610.1'), ['Amazon Linux 2@2026-06-30']);
  });

  it('whole deprecated images are reported for any tag, even none', () => {
    assert.deepEqual(verdict(hub('openjdk'), undefined), ['OpenJDK@-']);
    assert.deepEqual(verdict(hub('centos'), 'centos7.9.2009'), ['CentOS Linux@2024-06-30']);
    assert.deepEqual(verdict(hub('centos'), '8'), ['CentOS Linux 8@2021-12-31']);
  });

  it('leaves unknown repositories alone', () => {
    assert.deepEqual(verdict('docker.io/bitnami/node', '16'), []);
    assert.deepEqual(verdict('ghcr.io/acme/app', 'v1-buster'), []);
  });
});
