import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertLinear } from '../../test/support/scaling.js';
import { DockerIgnore, dockerignoreFor, globMatch, matchSegment, parseDockerignore } from './dockerignore.js';

const ignore = (text: string) => new DockerIgnore(parseDockerignore(text));

describe('parseDockerignore', () => {
  it('skips comments and blank lines, trims, cleans and drops a leading slash', () => {
    const p = parseDockerignore('\uFEFF# comment\n\n  node_modules  \n/dist/\n!  keep.txt\n./a/../b//c\n #not-a-comment\r\n');
    assert.deepEqual(
      p.map((x) => [x.pattern, x.exclusion, x.line]),
      [
        ['node_modules', false, 3],
        ['dist', false, 4],
        ['keep.txt', true, 5],
        ['b/c', false, 6],
        ['#not-a-comment', false, 7],
      ],
    );
  });
});

describe('matchSegment', () => {
  const cases: [string, string, boolean][] = [
    ['*', 'anything', true],
    ['*.env', '.env', true],
    ['.env*', '.env.local', true],
    ['.env*', 'env', false],
    ['?.txt', 'a.txt', true],
    ['?.txt', 'ab.txt', false],
    ['[abc].md', 'b.md', true],
    ['[a-c].md', 'd.md', false],
    ['[^a-c].md', 'd.md', true],
    ['\\*.md', '*.md', true],
    ['\\*.md', 'x.md', false],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
    ['[', '[', true],
  ];
  for (const [pat, name, want] of cases) it(`${pat} vs ${name} → ${want}`, () => assert.equal(matchSegment(pat, name), want));

  it('is linear on hostile input (a backtracking matcher takes minutes)', () => {
    assert.equal(matchSegment('*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000)), false);
    assertLinear(
      '*a*a*a*a*a*a*a*a*b on a…a',
      (n) => 'a'.repeat(n),
      (name) => matchSegment('*a*a*a*a*a*a*a*a*b', name),
      1250,
    );
  });
});

describe('DockerIgnore.match (MatchesOrParentMatches)', () => {
  it('matches a path or one of its parents', () => {
    const d = ignore('node_modules\n.git\n*.log\n');
    assert.equal(d.match('node_modules').ignored, true);
    assert.equal(d.match('node_modules/x/y.js').ignored, true);
    assert.equal(d.match('.git').ignored, true);
    assert.equal(d.match('app.log').ignored, true);
    // `*` does not cross a directory and a bare name matches only at the root (not like .gitignore).
    assert.equal(d.match('logs/app.log').ignored, false);
    assert.equal(d.match('sub/node_modules').ignored, false);
    assert.equal(d.match('src/index.js').ignored, false);
  });

  it('handles ** at the start, middle and end', () => {
    const d = ignore('**/*.pem\nbuild/**\na/**/z\n');
    assert.equal(d.match('key.pem').ignored, true);
    assert.equal(d.match('deep/dir/key.pem').ignored, true);
    assert.equal(d.match('build').ignored, false);
    assert.equal(d.match('build/out.js').ignored, true);
    assert.equal(d.match('a/z').ignored, true);
    assert.equal(d.match('a/b/c/z').ignored, true);
    assert.equal(d.match('a/b/c/y').ignored, false);
  });

  it('applies exceptions in order, including below an ignored directory', () => {
    const d = ignore('*\n!src\n!package.json\nsrc/secret.txt\n');
    assert.equal(d.match('README.md').ignored, true);
    assert.equal(d.match('src').ignored, false);
    assert.equal(d.match('src/index.ts').ignored, false);
    assert.equal(d.match('package.json').ignored, false);
    const m = d.match('src/secret.txt');
    assert.equal(m.ignored, true);
    assert.equal(m.by?.line, 4);
  });

  it('.env* with an exception for .env.example', () => {
    const d = ignore('.env*\n!.env.example\n');
    assert.equal(d.match('.env').ignored, true);
    assert.equal(d.match('.env.production').ignored, true);
    assert.equal(d.match('.env.example').ignored, false);
  });

  it('knows when an exception may re-include something under a directory', () => {
    const d = ignore('docs\n!docs/api/**\n');
    assert.equal(d.mayReincludeUnder('docs'), true);
    assert.equal(d.mayReincludeUnder('src'), false);
    assert.equal(ignore('docs\n!**/*.md\n').mayReincludeUnder('docs'), true);
    assert.equal(ignore('docs\n').mayReincludeUnder('docs'), false);
  });
});

describe('globMatch', () => {
  it('matches absolute paths segment by segment', () => {
    assert.equal(globMatch('/tmp/*.pem', '/tmp/key.pem'), true);
    assert.equal(globMatch('/tmp/*.pem', '/tmp/sub/key.pem'), false);
    assert.equal(globMatch('/root/.ssh/*', '/root/.ssh/id_rsa'), true);
    assert.equal(globMatch('/**/id_rsa', '/home/app/.ssh/id_rsa'), true);
  });
});

describe('dockerignoreFor', () => {
  const files = (map: Record<string, string>) => ({ read: (p: string) => map[p], list: () => undefined });
  it('prefers <Dockerfile>.dockerignore over the context one', () => {
    const d = dockerignoreFor('/p/Dockerfile', files({ '/p/Dockerfile.dockerignore': 'a\n', '/p/.dockerignore': 'b\n' }));
    assert.equal(d?.path, '/p/Dockerfile.dockerignore');
    assert.equal(d?.match('a').ignored, true);
    assert.equal(d?.match('b').ignored, false);
  });
  it('falls back to the context .dockerignore, and to nothing', () => {
    assert.equal(dockerignoreFor('/p/Dockerfile', files({ '/p/.dockerignore': 'b\n' }))?.path, '/p/.dockerignore');
    assert.equal(dockerignoreFor('/p/Dockerfile', files({})), undefined);
    assert.equal(dockerignoreFor('/p/Dockerfile', undefined), undefined);
  });
});
