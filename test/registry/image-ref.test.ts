/**
 * Reference normalisation against the cases docker's reference grammar documents
 * (distribution/reference: reference_test.go, normalize_test.go). The inputs are theirs; the
 * expectations are what `docker pull` does with them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalisedRefString, parseNormalisedRef, withDefaultTag } from '../../rules/languages/image-ref.js';
import { assertLinear } from '../support/scaling.js';

const F64 = 'f'.repeat(64);
const SHA = `sha256:${F64}`;

function ok(text: string) {
  const r = parseNormalisedRef(text);
  assert.ok(r.ok, `${text}: ${!r.ok ? r.error : ''}`);
  return r.ref;
}

describe('parseNormalisedRef: docker normalisation', () => {
  const cases: [input: string, domain: string, path: string, familiar: string][] = [
    ['nginx', 'docker.io', 'library/nginx', 'nginx'],
    ['docker/docker', 'docker.io', 'docker/docker', 'docker/docker'],
    ['library/debian', 'docker.io', 'library/debian', 'debian'],
    ['docker.io/docker/docker', 'docker.io', 'docker/docker', 'docker/docker'],
    ['docker.io/library/debian', 'docker.io', 'library/debian', 'debian'],
    ['docker.io/debian', 'docker.io', 'library/debian', 'debian'],
    ['index.docker.io/docker/docker', 'docker.io', 'docker/docker', 'docker/docker'],
    ['index.docker.io/debian', 'docker.io', 'library/debian', 'debian'],
    ['library/foo/bar', 'docker.io', 'library/foo/bar', 'library/foo/bar'],
    ['store/foo/bar', 'docker.io', 'store/foo/bar', 'store/foo/bar'],
    ['localhost/debian', 'localhost', 'debian', 'localhost/debian'],
    ['localhost:5000/debian', 'localhost:5000', 'debian', 'localhost:5000/debian'],
    ['127.0.0.1:5000/docker/docker', '127.0.0.1:5000', 'docker/docker', '127.0.0.1:5000/docker/docker'],
    ['127.0.0.1:8000/privatebase', '127.0.0.1:8000', 'privatebase', '127.0.0.1:8000/privatebase'],
    ['example.com:8000/private/moonbase', 'example.com:8000', 'private/moonbase', 'example.com:8000/private/moonbase'],
    ['test.com/foo', 'test.com', 'foo', 'test.com/foo'],
    ['test_com/foo', 'docker.io', 'test_com/foo', 'test_com/foo'],
    ['test-com:8080/foo', 'test-com:8080', 'foo', 'test-com:8080/foo'],
    ['xn--n3h.com:18080/foo', 'xn--n3h.com:18080', 'foo', 'xn--n3h.com:18080/foo'],
    ['sub-dom1.foo.com/bar/baz/quux', 'sub-dom1.foo.com', 'bar/baz/quux', 'sub-dom1.foo.com/bar/baz/quux'],
    ['[fc00::1]:5000/docker', '[fc00::1]:5000', 'docker', '[fc00::1]:5000/docker'],
    ['[fc00:1:2:3:4:5:6:7]:5000/library/debian', '[fc00:1:2:3:4:5:6:7]:5000', 'library/debian', '[fc00:1:2:3:4:5:6:7]:5000/library/debian'],
    ['[2001:db8::1]/repo', '[2001:db8::1]', 'repo', '[2001:db8::1]/repo'],
    ['Foo/bar', 'Foo', 'bar', 'Foo/bar'],
    ['DOCKER/docker', 'DOCKER', 'docker', 'DOCKER/docker'],
    ['192.168.0.1', 'docker.io', 'library/192.168.0.1', '192.168.0.1'],
    [
      'docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a',
      'docker.io',
      'library/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a',
      '1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a',
    ],
    [
      'thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
      'docker.io',
      'library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
      'thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
    ],
    ['docker---rules/docker', 'docker.io', 'docker---rules/docker', 'docker---rules/docker'],
    ['dock__er/docker', 'docker.io', 'dock__er/docker', 'dock__er/docker'],
    ['d/docker', 'docker.io', 'd/docker', 'd/docker'],
  ];
  for (const [input, domain, path, familiar] of cases) {
    it(input, () => {
      const ref = ok(input);
      assert.deepEqual([ref.domain, ref.path, ref.familiar, ref.name], [domain, path, familiar, `${domain}/${path}`]);
    });
  }
});

describe('parseNormalisedRef: tags and digests', () => {
  const cases: [input: string, name: string, tag: string | undefined, digest: string | undefined][] = [
    ['test.com:tag', 'docker.io/library/test.com', 'tag', undefined],
    ['test.com:5000', 'docker.io/library/test.com', '5000', undefined],
    ['test.com/repo:tag', 'test.com/repo', 'tag', undefined],
    ['test:5000/repo', 'test:5000/repo', undefined, undefined],
    ['test:5000/repo:tag', 'test:5000/repo', 'tag', undefined],
    [`test:5000/repo@${SHA}`, 'test:5000/repo', undefined, SHA],
    [`test:5000/repo:tag@${SHA}`, 'test:5000/repo', 'tag', SHA],
    ['lowercase:Uppercase', 'docker.io/library/lowercase', 'Uppercase', undefined],
    ['b.gcr.io/test.example.com/my-app:test.example.com', 'b.gcr.io/test.example.com/my-app', 'test.example.com', undefined],
    ['xn--n3h.com/myimage:xn--n3h.com', 'xn--n3h.com/myimage', 'xn--n3h.com', undefined],
    [`xn--7o8h.com/myimage:xn--7o8h.com@sha512:${'f'.repeat(128)}`, 'xn--7o8h.com/myimage', 'xn--7o8h.com', `sha512:${'f'.repeat(128)}`],
    ['foo_bar.com:8080', 'docker.io/library/foo_bar.com', '8080', undefined],
    ['foo/foo_bar.com:8080', 'docker.io/foo/foo_bar.com', '8080', undefined],
    ['192.168.1.1:5000', 'docker.io/library/192.168.1.1', '5000', undefined],
    ['192.168.1.1:5000/repo:5050', '192.168.1.1:5000/repo', '5050', undefined],
    [`[2001:db8::1]:5000/repo:tag@${SHA}`, '[2001:db8::1]:5000/repo', 'tag', SHA],
    ['[::1]:5000/repo', '[::1]:5000/repo', undefined, undefined],
    ['localhost:5000/team/app', 'localhost:5000/team/app', undefined, undefined],
    [
      `busybox:latest@sha256:${'86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa'}`,
      'docker.io/library/busybox',
      'latest',
      'sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa',
    ],
    [`${'a/'.repeat(122)}a:tag`, `docker.io/${'a/'.repeat(122)}a`, 'tag', undefined],
  ];
  for (const [input, name, tag, digest] of cases) {
    it(input.length > 70 ? `${input.slice(0, 70)}…` : input, () => {
      const ref = ok(input);
      assert.deepEqual([ref.name, ref.tag, ref.digest], [name, tag, digest]);
      assert.equal(normalisedRefString(ref), `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`);
    });
  }
});

describe('parseNormalisedRef: invalid references', () => {
  const invalid: [input: string, error: RegExp][] = [
    ['', /empty/],
    [':justtag', /invalid/],
    [`@${SHA}`, /invalid/],
    ['repo@sha256:ffffffffffffffffffffffffffffffffff', /digest length/],
    [`validname@invaliddigest:${F64}`, /unsupported digest algorithm/],
    [`repo@sha256:${'F'.repeat(64)}`, /lower case/],
    ['Uppercase:tag', /lower case/],
    ['test:5000/Uppercase/lowercase:tag', /lower case/],
    ['docker/Docker', /lower case/],
    ['docker.io/docker/Docker', /lower case/],
    [`${'a/'.repeat(128)}a:tag`, /longer than 255/],
    // Valid for the bare grammar, but docker prefixes docker.io/ and the name passes 255.
    [`${'a/'.repeat(127)}a:tag-puts-this-over-max`, /longer than 255/],
    ['aa/asdf$$^/aa', /invalid repository name/],
    ['https://github.com/docker/docker', /invalid registry host/],
    ['-docker', /invalid repository name/],
    ['-docker/docker', /invalid repository name/],
    ['-docker.io/docker/docker', /invalid registry host/],
    ['docker-/docker', /invalid repository name/],
    ['docker///docker', /invalid repository name/],
    ['docker.io/docker///docker', /invalid repository name/],
    ['____/____', /invalid repository name/],
    ['_docker/_docker', /invalid repository name/],
    ['dock..er/docker', /invalid registry host/], // the dot makes it a host,
    ['dock_.er/docker', /invalid registry host/], // the dot makes it a host,
    ['dock-.er/docker', /invalid registry host/], // the dot makes it a host,
    ['docker/', /invalid repository name/],
    ['[fc00::1]', /invalid/],
    ['[fc00::1]:5000', /invalid/],
    ['[2001:db8::1]:tag', /invalid/],
    ['fc00::1:5000/debian', /invalid registry host/],
    ['[fe80::1%eth0]:5000/debian', /invalid registry host/],
    ['[2001:db8:3:4::192.0.2.33]:5000/debian', /invalid registry host/],
    ['1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a', /image id/],
    ['nginx:-bad', /invalid tag/],
    [`nginx:${'t'.repeat(129)}`, /invalid tag/],
    ['nginx@sha256:abc@sha256:def', /invalid/],
  ];
  for (const [input, error] of invalid) {
    it(JSON.stringify(input.length > 60 ? `${input.slice(0, 60)}…` : input), () => {
      const r = parseNormalisedRef(input);
      assert.equal(r.ok, false, `${input} should be invalid`);
      assert.match((r as { error: string }).error, error);
    });
  }

  it('stays linear on hostile input', () => {
    const hostile = (n: number) => [`a${'-_.'.repeat(n)}!`, `${'a.'.repeat(n)}/x`, `x/${'a__'.repeat(n)}_`];
    assertLinear('parseNormalisedRef on runs of separators', hostile, (refs) => refs.map(parseNormalisedRef), 7500);
  });
});

describe('withDefaultTag (TagNameOnly)', () => {
  it('adds latest only when there is neither tag nor digest', () => {
    assert.equal(withDefaultTag(ok('redis')).tag, 'latest');
    assert.equal(withDefaultTag(ok('redis:7')).tag, '7');
    assert.equal(withDefaultTag(ok(`redis@${SHA}`)).tag, undefined);
  });
});
