/** The project model: compose build → Dockerfile, .dockerignore, .gitignore, env files, sensitive files. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryFiles } from '../../test/support/files-view.js';
import { lintText } from '../api.js';
import { SourceText } from '../engine/source.js';
import { applyEdits } from '../engine/fixer.js';
import { parseCompose } from './compose.js';
import { parseDotEnv } from './dotenv.js';
import { DockerIgnore, appendLines, broadCopies, buildInfo, builtDockerfile, contextsOf, dockerIgnoreFor, gitIgnoreAddition, isGitIgnored, sensitiveFilesIn } from './project.js';
import { parseDockerfile } from './dockerfile.js';
import { envFileSecrets } from '../knowledge/env-file-secrets.js';

function compose(text: string, files: Record<string, string>, path = '/project/compose.yaml') {
  const view = memoryFiles(files);
  const model = parseCompose(new SourceText(path, text), { files: view });
  return { model, view };
}

describe('compose build → Dockerfile', () => {
  it('short and long forms, relative to the file that writes them', () => {
    const { model } = compose(
      'services:\n  a:\n    build: ./app\n  b:\n    build:\n      context: ${CTX}\n      dockerfile: docker/Dockerfile.prod\n      target: run\n  c:\n    extends: {file: sub/base.yaml, service: base}\n  d:\n    build: {context: ., dockerfile_inline: "FROM alpine"}\n  e:\n    build: git@github.com:a/b.git\n',
      { '.env': 'CTX=./svc\n', 'sub/base.yaml': 'services:\n  base:\n    build: ../other\n' },
    );
    const info = (n: string) => {
      const i = buildInfo(model, model.effective(n)!);
      return i && [i.context, i.dockerfilePath, i.target];
    };
    assert.deepEqual(info('a'), ['/project/app', '/project/app/Dockerfile', undefined]);
    assert.deepEqual(info('b'), ['/project/svc', '/project/svc/docker/Dockerfile.prod', 'run']);
    assert.deepEqual(info('c'), ['/project/other', '/project/other/Dockerfile', undefined]);
    assert.deepEqual(info('d'), ['/project', undefined, undefined]);
    assert.equal(info('e'), undefined);
  });

  it('parses the Dockerfile and picks the target stage', () => {
    const { model, view } = compose('services:\n  a:\n    build: {context: ., target: Build}\n', { Dockerfile: 'FROM alpine AS build\nFROM scratch\n' });
    const built = builtDockerfile(model, model.effective('a')!, view)!;
    assert.equal(built.stage.name, 'build');
    assert.equal(built.model.file.path, '/project/Dockerfile');
    const missing = compose('services:\n  a:\n    build: {context: ., target: nope}\n', { Dockerfile: 'FROM alpine\n' });
    assert.equal(builtDockerfile(missing.model, missing.model.effective('a')!, missing.view), undefined, 'no such stage');
  });

  it('finds the contexts a Dockerfile is built with from Compose files near it', () => {
    const view = memoryFiles({
      'compose.yaml': 'services:\n  web:\n    build: {context: ., dockerfile: docker/Dockerfile}\n  api:\n    build: ./api\n',
      'docker/Dockerfile': 'FROM alpine\n',
    });
    assert.deepEqual(contextsOf('/project/docker/Dockerfile', view), ['/project']);
    assert.deepEqual(contextsOf('/project/api/Dockerfile', view), ['/project/api']);
    assert.deepEqual(contextsOf('/project/other/Dockerfile', view), []);
  });

  it('finds broad copies only from the context', () => {
    const m = parseDockerfile(new SourceText('/p/Dockerfile', 'FROM a AS b\nCOPY --from=b . .\nCOPY --chown=1 ./ /app\nADD * /x/\nCOPY src/ /src\nCOPY ["./", "/y"]\n'));
    assert.deepEqual(
      broadCopies(m).map((c) => m.file.positionAt(c.span.start).line),
      [2, 3, 5],
    );
  });
});

describe('.dockerignore', () => {
  const ig = new DockerIgnore('# comment\n/.git\n*.env\n**/secrets/**\n!keep.env\nconfig/*.key\n  \nlogs\n', '/p/.dockerignore');
  const cases: [string, boolean][] = [
    ['.git', true],
    ['.git/HEAD', true],
    ['prod.env', true],
    ['sub/prod.env', false], // anchored at the root, unlike .gitignore
    ['keep.env', false],
    ['a/secrets/x', true],
    ['config/tls.key', true],
    ['config/sub/tls.key', false],
    ['logs/app.log', true],
    ['src/index.js', false],
  ];
  for (const [path, excluded] of cases) it(`${path} ${excluded ? 'is' : 'is not'} excluded`, () => assert.equal(ig.excludes(path), excluded));

  it('<Dockerfile>.dockerignore wins over the context root one', () => {
    const view = memoryFiles({ '.dockerignore': 'a\n', 'docker/app.Dockerfile.dockerignore': 'b\n' });
    assert.equal(dockerIgnoreFor(view, '/project', '/project/docker/app.Dockerfile').path, '/project/docker/app.Dockerfile.dockerignore');
    assert.equal(dockerIgnoreFor(view, '/project', '/project/Dockerfile').path, '/project/.dockerignore');
    assert.equal(dockerIgnoreFor(memoryFiles({}), '/project', '/project/Dockerfile').ignore, undefined);
  });
});

describe('.gitignore', () => {
  const view = memoryFiles({
    '.git/info/exclude': 'local.env\n',
    '.gitignore': '*.env\n!keep.env\nbuild/\n/root-only.txt\n',
    'sub/.gitignore': '!prod.env\n',
  });
  const cases: [string, boolean | undefined][] = [
    ['/project/a.env', true],
    ['/project/deep/x/a.env', true],
    ['/project/keep.env', false],
    ['/project/sub/prod.env', false],
    ['/project/build/out.js', true],
    ['/project/root-only.txt', true],
    ['/project/sub/root-only.txt', false],
    ['/project/local.env', true],
    ['/project/README.md', false],
  ];
  for (const [path, ignored] of cases) it(`${path} → ${ignored}`, () => assert.equal(isGitIgnored(view, path), ignored));

  it('outside a repository nothing is known', () => {
    assert.equal(isGitIgnored(memoryFiles({ '.gitignore': '*\n' }), '/project/a.env'), undefined);
  });

  it('adds an anchored pattern to the nearest .gitignore, or creates one at the root', () => {
    const v = memoryFiles({ '.git/': '', 'config/.gitignore': 'x', 'config/prod.env': '', 'other/a.env': '' });
    assert.deepEqual(gitIgnoreAddition(v, '/project/config/prod.env'), { path: '/project/config/.gitignore', edits: [{ start: 1, end: 1, text: '\n/prod.env\n' }] });
    assert.deepEqual(gitIgnoreAddition(v, '/project/other/a.env'), { path: '/project/.gitignore', create: true, edits: [{ start: 0, end: 0, text: '/other/a.env\n' }] });
  });

  it('appends keeping CRLF', () => {
    const v = memoryFiles({ '.dockerignore': 'a\r\nb\r\n' });
    const change = appendLines(v, '/project/.dockerignore', ['c', 'd']);
    assert.equal(applyEdits(v.read('/project/.dockerignore')!, change.edits), 'a\r\nb\r\nc\r\nd\r\n');
  });
});

describe('secrets in env files and contexts', () => {
  it('counts literal secrets, not references, templates or switches', () => {
    const entries = parseDotEnv(
      'DB_PASSWORD=hunter22\nAPI_TOKEN=${TOKEN}\nDEBUG=true\nPASSWORD_FILE=/run/secrets/pw\nGH=ghp_0123456789abcdefghijABCDEFGHIJ012345\nEMPTY_SECRET=\n',
    );
    assert.deepEqual(
      envFileSecrets(entries).map((s) => [s.name, s.reason]),
      [
        ['DB_PASSWORD', 'name'],
        ['GH', 'token'],
      ],
    );
  });

  it('walks the context with bounds, skipping dependency folders and excluded paths', () => {
    const view = memoryFiles({
      '.env': '',
      '.env.example': '',
      '.git/': '',
      'node_modules/x/.env': '',
      'src/config/.env.local': '',
      'certs/ca.pem': '-----BEGIN CERTIFICATE-----',
      'certs/server.pem': '-----BEGIN PRIVATE KEY-----',
      'ignored/.env': '',
      'a/b/c/d/e/.env': '',
    });
    const found = sensitiveFilesIn(view, '/project', new DockerIgnore('ignored\n', undefined));
    assert.deepEqual(
      found.map((f) => [f.relative, f.kind]),
      [
        ['.env', 'env'],
        ['.git', 'git'],
        ['certs/server.pem', 'key'],
        ['src/config/.env.local', 'env'],
      ],
    );
  });
});

describe('findings with related information in another file', () => {
  it("carry the other file's path and a range computed from its text", () => {
    const files = memoryFiles({ 'app/Dockerfile': '# syntax=docker/dockerfile:1\nFROM alpine\nUSER root\n' });
    const r = lintText('/project/compose.yaml', 'services:\n  web:\n    build: ./app\n', 'compose', { files, only: ['DC080'] });
    const f = r.findings[0];
    assert.equal(f.code, 'DC080');
    assert.deepEqual(f.related, [
      { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 9 } }, message: 'USER root is set here', path: '/project/app/Dockerfile' },
    ]);
  });
});
