import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { SourceText } from '../../rules/engine/source.js';
import { parseCompose } from '../../rules/languages/compose.js';
import { parseDockerfile } from '../../rules/languages/dockerfile.js';
import { normaliseImageRef, parseImageRef } from '../../rules/languages/image-ref.js';
import { commandName, parseShell } from '../../rules/languages/shell.js';
import { substitute, usesVariable } from '../../rules/languages/substitute.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';
import { withinHangCeiling } from '../support/scaling.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

describe('image references', () => {
  const ok: [string, string | undefined, string, string | undefined, string | undefined][] = [
    ['nginx', undefined, 'nginx', undefined, undefined],
    ['nginx:1.25-alpine', undefined, 'nginx', '1.25-alpine', undefined],
    ['library/nginx:latest', undefined, 'library/nginx', 'latest', undefined],
    ['docker.io/library/nginx', 'docker.io', 'library/nginx', undefined, undefined],
    ['localhost/app', 'localhost', 'app', undefined, undefined],
    ['localhost:5000/team/app:v2', 'localhost:5000', 'team/app', 'v2', undefined],
    ['127.0.0.1:5000/demo/app:latest', '127.0.0.1:5000', 'demo/app', 'latest', undefined],
    [`ghcr.io/o/r:v1@sha256:${'a'.repeat(64)}`, 'ghcr.io', 'o/r', 'v1', `sha256:${'a'.repeat(64)}`],
    [`alpine@sha256:${'b'.repeat(64)}`, undefined, 'alpine', undefined, `sha256:${'b'.repeat(64)}`],
    ['my-registry.example.com:443/a/b/c', 'my-registry.example.com:443', 'a/b/c', undefined, undefined],
    ['foo_bar/baz__qux', undefined, 'foo_bar/baz__qux', undefined, undefined],
  ];
  for (const [text, registry, repository, tag, digest] of ok) {
    it(`parses ${text}`, () => {
      const r = parseImageRef(text);
      assert.deepEqual(r && [r.registry, r.repository, r.tag, r.digest], [registry, repository, tag, digest]);
    });
  }
  for (const bad of ['', 'Nginx', 'nginx:', ':1.0', 'a b', 'nginx@sha256:abc', 'UPPER/case:tag', 'nginx:-bad', 'a//b']) {
    it(`rejects '${bad}'`, () => assert.equal(parseImageRef(bad), undefined));
  }
  it('normalises like docker', () => {
    const n = normaliseImageRef(parseImageRef('nginx')!);
    assert.deepEqual([n.registry, n.repository], ['docker.io', 'library/nginx']);
    const u = normaliseImageRef(parseImageRef('bitnami/redis')!);
    assert.deepEqual([u.registry, u.repository], ['docker.io', 'bitnami/redis']);
    const g = normaliseImageRef(parseImageRef('ghcr.io/a/b')!);
    assert.deepEqual([g.registry, g.repository], ['ghcr.io', 'a/b']);
  });
});

describe('variable substitution', () => {
  const vars: Record<string, string | null> = { A: 'x', EMPTY: '', NOVAL: null };
  const sub = (t: string) => substitute(t, (n) => (n in vars ? vars[n] : undefined));
  const cases: [string, string, boolean][] = [
    ['$A', 'x', false],
    ['${A}:1', 'x:1', false],
    ['${B:-node}:20', 'node:20', false],
    ['${EMPTY:-d}', 'd', false],
    ['${EMPTY-d}', '', false],
    ['${A:+set}', 'set', false],
    ['${B}', '', true],
    ['$NOVAL', '', true],
    ['\\$A', '$A', false],
    ['${A', '${A', true],
  ];
  for (const [text, value, unknown] of cases) {
    it(text, () => assert.deepEqual(sub(text), { value, unknown }));
  }
  it('finds variable uses', () => {
    assert.ok(usesVariable('echo $TOKEN', 'TOKEN'));
    assert.ok(usesVariable('echo ${TOKEN:-x}', 'TOKEN'));
    assert.ok(!usesVariable('echo $TOKENS', 'TOKEN'));
    assert.ok(!usesVariable('echo TOKEN', 'TOKEN'));
  });
});

describe('shell model', () => {
  it('splits commands across operators, continuations and quotes', () => {
    const script = 'apt-get update && \\\n  sudo apt-get install -y "curl wget" ; echo \'a && b\' | sh # done\nuseradd -r app';
    const cmds = parseShell(script);
    assert.deepEqual(
      cmds.map((c) => c.words.map((w) => w.value)),
      [['apt-get', 'update'], ['sudo', 'apt-get', 'install', '-y', 'curl wget'], ['echo', 'a && b'], ['sh'], ['useradd', '-r', 'app']],
    );
    assert.deepEqual(
      cmds.map((c) => c.after),
      [undefined, '&&', ';', '|', '\n'],
    );
    assert.equal(commandName(cmds[1])?.name, 'apt-get');
    assert.equal(script.slice(cmds[2].words[1].span.start, cmds[2].words[1].span.end), "'a && b'");
  });
  it('never throws on unbalanced quotes', () => {
    // The grammar keeps the complete part of a half-typed command.
    assert.deepEqual(
      parseShell('echo "abc').map((c) => c.words.map((w) => w.value)),
      [['echo']],
    );
    assert.deepEqual(
      parseShell("echo 'abc").map((c) => c.words.map((w) => w.value)),
      [['echo']],
    );
  });
});

describe('Dockerfile model', () => {
  const text = [
    '# syntax=docker/dockerfile:1.7',
    'ARG BASE=golang:1.22',
    'FROM ${BASE} AS build',
    'USER builder',
    'RUN --mount=type=secret,id=npm,env=NPM_TOKEN --network=none go build',
    'FROM build AS test',
    'RUN <<EOF',
    'go test ./...',
    'EOF',
    'FROM scratch',
    'COPY --from=build /out /app',
  ].join('\n');
  const m = parseDockerfile(new SourceText('Dockerfile', text));
  it('has stages, names, bases (ARG-substituted) and the final stage', () => {
    assert.deepEqual(
      m.stages.map((s) => [s.name, s.base.kind]),
      [
        ['build', 'image'],
        ['test', 'stage'],
        [undefined, 'scratch'],
      ],
    );
    const b = m.stages[0].base;
    assert.ok(b.kind === 'image' && b.image?.repository === 'golang' && b.image.tag === '1.22');
    assert.equal(m.finalStage, m.stages[2]);
    assert.deepEqual(
      m.directives.map((d) => [d.name, d.value]),
      [['syntax', 'docker/dockerfile:1.7']],
    );
  });
  it('knows the effective USER per instruction, inherited through stages', () => {
    const testRun = m.stages[1].instructions[0];
    assert.equal(m.userAt(testRun)?.user, 'builder');
    assert.equal(m.userAt(m.stages[0].instructions[0]), undefined);
    assert.equal(m.stageUser(m.stages[2]), undefined);
  });
  it('parses RUN flags, mount options and heredocs', () => {
    const run = m.run(m.stages[0].instructions[1]);
    assert.deepEqual(
      run.flags.map((f) => f.name),
      ['mount', 'network'],
    );
    assert.equal(run.flags[0].options.get('env'), 'NPM_TOKEN');
    assert.equal(run.script, 'go build');
    const here = m.run(m.stages[1].instructions[0]);
    assert.deepEqual(
      here.heredocs.map((h) => h.name),
      ['EOF'],
    );
    assert.match(here.script, /go test/);
  });
  it('maps a line inside a multi-line instruction to it', () => {
    assert.equal(m.instructionAtLine(7)?.keyword, 'RUN');
    assert.equal(m.instructionAtLine(0), undefined);
  });
  it('survives half-typed input', () => {
    for (const t of ['FROM', 'FROM --platform=', 'RUN --mount=', 'RUN <<', 'USER', 'ARG', 'FROM a AS', 'RUN <<EOF\n']) {
      assert.doesNotThrow(() => parseDockerfile(new SourceText('Dockerfile', t)), t);
    }
  });
});

describe('Compose model', () => {
  it('resolves merge keys and aliased services, reporting at the use site', () => {
    const text = 'x-base: &base\n  privileged: true\nservices:\n  web:\n    <<: *base\n    image: web\n  worker: *base\n';
    const m = parseCompose(new SourceText('compose.yaml', text));
    assert.deepEqual(
      m.services.map((s) => s.name),
      ['web', 'worker'],
    );
    const web = m.services[0].get('privileged')!;
    assert.equal(text.slice(web.span.start, web.span.end), '*base');
    assert.equal(text.slice(web.inheritedFrom!.start, web.inheritedFrom!.end), 'privileged');
    assert.equal(text.slice(m.services[0].get('image')!.span.start, m.services[0].get('image')!.span.end), 'image');
    assert.equal(m.services[1].get('privileged')!.inheritedFrom !== undefined, true);
  });
  it('own keys win over merged ones; earlier merges win over later ones', () => {
    const text = 'x-a: &a {user: a, read_only: true}\nx-b: &b {user: b, pid: host}\nservices:\n  s:\n    <<: [*a, *b]\n    read_only: false\n';
    const s = parseCompose(new SourceText('compose.yaml', text)).services[0];
    const val = (k: string) => (s.get(k)!.value as { value?: unknown }).value;
    assert.deepEqual([val('user'), val('read_only'), val('pid')], ['a', false, 'host']);
  });
  it('is not a Compose file without a services mapping', () => {
    assert.equal(parseCompose(new SourceText('x.yaml', 'a: 1\n')).isCompose, false);
    assert.equal(parseCompose(new SourceText('x.yaml', '- a\n')).isCompose, false);
    assert.equal(parseCompose(new SourceText('x.yaml', ':::\n\t- [')).isCompose, false);
  });
  it('stays cheap on an alias bomb (nothing is expanded)', () => {
    const bomb = (levels: number) => {
      const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < levels; i++)
        lines.push(
          `a${i}: &a${i} [${Array(10)
            .fill(`*a${i - 1}`)
            .join(', ')}]`,
        );
      lines.push('services:', '  s:', `    <<: *a${levels - 1}`, '    image: x');
      return new SourceText('compose.yaml', lines.join('\n'));
    };
    // 12 levels expand to a hundred billion nodes: a model that expanded them would never answer.
    const m = withinHangCeiling('alias bomb', () => parseCompose(bomb(12)));
    assert.deepEqual(
      m.services[0].entries().map((e) => e.key),
      ['image'],
    );
  });
});

describe('dockerfile-ast arguments (rules/languages/dockerfile-ast-arguments.ts)', () => {
  it('are split once per instruction, and every caller gets its own list', () => {
    const text = 'FROM alpine:3.20\nRUN --mount=type=cache,target=/root/.cache echo "a b" \\\n  c\nCOPY --chown=app a b /dst/\n';
    const model = parseDockerfile(new SourceText('Dockerfile', text));
    for (const instr of model.instructions) {
      const first = instr.node.getArguments();
      const values = first.map((a) => a.getValue());
      first.length = 0; // a caller that changes its list (dockerfile-ast shifts flags off it) changes no one else's
      assert.deepEqual(
        instr.node.getArguments().map((a) => a.getValue()),
        values,
      );
    }
    const run = model.instructions.find((i) => i.keyword === 'RUN')!;
    assert.deepEqual(
      run.node.getArguments().map((a) => a.getValue()),
      ['echo', '"a', 'b"', 'c'],
      'flags are not arguments',
    );
  });
});
