/**
 * The `bosun` CLI as a real process: the CLI is bundled once with esbuild into a temp dir (the same
 * options as scripts/build.mjs, so the test never runs a stale dist/ and never races other tests
 * that use dist/), then run against temp workspaces.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { type CliHarness, cliHarness, parseJson, ROOT, type Run } from '../support/cli.js';
import { allRules } from '../../rules/api.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

const PKG_VERSION: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
/** Exact-output tests run DF001 alone, so rules added later cannot change what they expect. */
const DF = ['--rule', 'DF001'];
const DF001_MSG = 'The final stage never sets USER, so the container runs as root.';

const ROOT_DOCKERFILE = 'FROM node:20.18.1-alpine3.20\nWORKDIR /app\nCMD ["node", "server.js"]\n';
const NONROOT_DOCKERFILE = 'FROM alpine:3.20\nRUN adduser -S app\nUSER app\nCMD ["sh"]\n';
const COMPOSE = 'services:\n  web:\n    image: nginx:1.27.3\n';

let h: CliHarness;
const bosun = (args: string[], opts?: Parameters<CliHarness['bosun']>[1]) => h.bosun(args, opts);
const workspace = (files: Record<string, string | Buffer>) => h.workspace(files);
const json = parseJson;

/** Asserts a usage-style failure: exit 2, nothing on stdout, exactly one stderr line mentioning `needle`. */
function assertOneLineError(r: Run, needle: string | RegExp, hint = true): void {
  assert.equal(r.code, 2, `exit code; stderr: ${r.stderr}`);
  assert.equal(r.stdout, '');
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one stderr line, got:\n${r.stderr}`);
  assert.match(lines[0], typeof needle === 'string' ? new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : needle);
  if (hint) assert.match(lines[0], /bosun --help/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

before(async () => {
  h = await cliHarness();
});

after(() => h?.dispose());

describe('bosun --help / --version', () => {
  it('prints the package.json version', () => {
    const r = bosun(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${PKG_VERSION}\n`);
  });

  it('prints usage with every option', () => {
    const r = bosun(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^bosun \d+\.\d+\.\d+/);
    for (const flag of ['--format', '--fail-level', '--rule', '--list-rules', '--language', '--version']) {
      assert.ok(r.stdout.includes(flag), `help mentions ${flag}`);
    }
  });
});

describe('discovery', () => {
  let ws: string;
  before(() => {
    ws = workspace({
      Dockerfile: ROOT_DOCKERFILE,
      'README.md': '# not linted\n',
      'notes.txt': 'FROM scratch\n',
      'sub/deep/Containerfile': ROOT_DOCKERFILE,
      'sub/docker-compose.yml': COMPOSE,
      'svc/Dockerfile.prod': NONROOT_DOCKERFILE,
      'svc/compose.override.yaml': COMPOSE,
      'node_modules/pkg/Dockerfile': ROOT_DOCKERFILE,
      '.git/Dockerfile': ROOT_DOCKERFILE,
      '.hidden/Dockerfile': ROOT_DOCKERFILE,
      'dist/Dockerfile': ROOT_DOCKERFILE,
      'vendor/lib/Dockerfile': ROOT_DOCKERFILE,
      '.e2e-tools/Dockerfile': ROOT_DOCKERFILE,
    });
    symlinkSync(join(ws, 'sub'), join(ws, 'linked-dir'), 'dir');
    symlinkSync(join(ws, 'svc', 'Dockerfile.prod'), join(ws, 'svc', 'Containerfile'));
  });

  it('walks nested directories, skips vendor/hidden dirs and symlinked dirs, follows symlinked files', () => {
    const r = bosun([...DF, '--format', 'json'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const out = json(r);
    assert.deepEqual(
      out.files.map((f: any) => [f.path, f.language]),
      [
        ['Dockerfile', 'dockerfile'],
        ['sub/docker-compose.yml', 'compose'],
        ['sub/deep/Containerfile', 'dockerfile'],
        ['svc/Containerfile', 'dockerfile'],
        ['svc/Dockerfile.prod', 'dockerfile'],
        ['svc/compose.override.yaml', 'compose'],
      ],
    );
    assert.equal(out.summary.files, 6);
  });

  it('takes files and directories as arguments, relative to the working directory, once each', () => {
    const r = bosun([...DF, '--format', 'json', 'sub', 'Dockerfile', 'sub/deep/Containerfile'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      json(r).files.map((f: any) => f.path),
      ['sub/docker-compose.yml', 'sub/deep/Containerfile', 'Dockerfile'],
    );
  });

  it('lints an explicitly named hidden or vendor directory', () => {
    const r = bosun(['--format', 'json', 'node_modules'], { cwd: ws });
    assert.deepEqual(
      json(r).files.map((f: any) => f.path),
      ['node_modules/pkg/Dockerfile'],
    );
  });

  it('shows paths relative to the working directory when given absolute paths', () => {
    const r = bosun(['--format', 'json', join(ws, 'sub', 'deep')], { cwd: join(ws, 'sub') });
    assert.deepEqual(
      json(r).files.map((f: any) => f.path),
      ['deep/Containerfile'],
    );
  });

  it('--language limits directory discovery to that kind', () => {
    const r = bosun(['--format', 'json', '--language', 'compose'], { cwd: ws });
    assert.deepEqual(
      json(r).files.map((f: any) => f.path),
      ['sub/docker-compose.yml', 'svc/compose.override.yaml'],
    );
  });
});

describe('text output', () => {
  let ws: string;
  before(() => {
    ws = workspace({ Dockerfile: ROOT_DOCKERFILE, 'app/Containerfile': `# app\n\n${ROOT_DOCKERFILE}`, 'app/compose.yaml': COMPOSE });
  });

  it('prints file:line:col  level  CODE  message, grouped by file, and a summary', () => {
    const r = bosun(DF, { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(
      r.stdout,
      [
        `Dockerfile:1:1  warning  DF001  ${DF001_MSG}`,
        '',
        `app/Containerfile:3:1  warning  DF001  ${DF001_MSG}`,
        '',
        '2 problems (0 errors, 2 warnings, 0 info, 0 hints) in 2 files (3 checked)',
        '',
      ].join('\n'),
    );
  });

  it('says so when there are no problems', () => {
    const r = bosun([...DF, 'app/compose.yaml'], { cwd: ws });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'No problems found in 1 file.\n');
  });

  it('has no colour when piped, colour with FORCE_COLOR, and none when NO_COLOR is set', () => {
    assert.doesNotMatch(bosun(DF, { cwd: ws }).stdout, /\x1b\[/);
    const forced = bosun(DF, { cwd: ws, env: { FORCE_COLOR: '1' } }).stdout;
    assert.ok(forced.includes('\x1b[33mwarning\x1b[39m'), forced);
    assert.doesNotMatch(bosun(DF, { cwd: ws, env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout, /\x1b\[/);
  });
});

describe('json output', () => {
  it('has the documented shape with 1-based positions, docs and fixability', () => {
    const ws = workspace({ Dockerfile: `# syntax=docker/dockerfile:1\n${ROOT_DOCKERFILE}`, 'compose.yaml': COMPOSE });
    const r = bosun([...DF, '--format', 'json'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(json(r), {
      version: 1,
      tool: { name: 'bosun', version: PKG_VERSION },
      files: [
        {
          path: 'Dockerfile',
          language: 'dockerfile',
          suppressed: 0,
          findings: [
            {
              code: 'DF001',
              rule: 'no-root-user',
              level: 'warning',
              message: DF001_MSG,
              line: 2,
              column: 1,
              endLine: 2,
              endColumn: 29,
              docs: h.docsUrl('dockerfile', 'no-root-user'),
              fixable: 'unsafe',
            },
          ],
        },
        { path: 'compose.yaml', language: 'compose', suppressed: 0, findings: [] },
      ],
      skipped: [],
      summary: {
        files: 2,
        filesWithFindings: 1,
        findings: 1,
        byLevel: { error: 0, warning: 1, info: 0, hint: 0 },
        suppressed: 0,
        skipped: 0,
        failLevel: 'error',
        failed: false,
      },
    });
  });

  it('counts findings silenced by an ignore comment', () => {
    const ws = workspace({ Dockerfile: `# bosun-ignore DF001 -- runs as root on purpose\n${ROOT_DOCKERFILE}` });
    const out = json(bosun([...DF, '--format', 'json'], { cwd: ws }));
    assert.deepEqual(out.files[0].findings, []);
    assert.equal(out.files[0].suppressed, 1);
    assert.equal(out.summary.suppressed, 1);
  });
});

describe('exit codes by --fail-level', () => {
  let ws: string;
  before(() => {
    ws = workspace({ Dockerfile: ROOT_DOCKERFILE, 'clean/Dockerfile': NONROOT_DOCKERFILE });
  });
  // DF001 is a warning.
  const cases: [string | undefined, number][] = [
    [undefined, 0],
    ['error', 0],
    ['warning', 1],
    ['info', 1],
    ['hint', 1],
    ['none', 0],
  ];
  for (const [level, expected] of cases) {
    it(`${level ?? '(default: error)'} -> ${expected} with a warning`, () => {
      const r = bosun([...DF, ...(level ? ['--fail-level', level] : []), '--format', 'json'], { cwd: ws });
      assert.equal(r.code, expected, r.stderr);
      assert.equal(json(r).summary.failed, expected === 1);
    });
  }

  it('hint -> 0 with no findings at all', () => {
    const r = bosun([...DF, '--fail-level=hint', 'clean'], { cwd: ws });
    assert.equal(r.code, 0);
  });
});

describe('--list-rules', () => {
  it('--format json lists every rule with full metadata and its installed docs page', () => {
    const r = bosun(['--list-rules', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const rules = json(r);
    assert.ok(Array.isArray(rules));
    assert.deepEqual(
      rules.map((m: any) => m.code),
      allRules.map((x) => x.meta.code),
    );
    const df001 = rules.find((m: any) => m.code === 'DF001');
    assert.equal(df001.name, 'no-root-user');
    assert.equal(df001.language, 'dockerfile');
    assert.equal(df001.level, 'warning');
    assert.equal(df001.risk, 'high');
    assert.equal('catalog' in df001, false, 'no ids of a document that is not shipped');
    assert.deepEqual(df001.others.hadolint, ['DL3002']);
    assert.equal(df001.fix, 'unsafe');
    assert.equal(df001.docs, h.docsUrl('dockerfile', 'no-root-user'));
    assert.ok(existsSync(fileURLToPath(df001.docs)), 'the page is installed beside the CLI');
  });

  it('text is a table of code, name, level, fix and title', () => {
    const r = bosun(['--list-rules']);
    assert.equal(r.code, 0);
    const lines = r.stdout.split('\n');
    assert.match(lines[0], /^CODE\s+NAME\s+LEVEL\s+FIX\s+TITLE$/);
    assert.ok(
      lines.some((l) => /^DF001\s+no-root-user\s+warning\s+unsafe\s+Final stage runs as root$/.test(l)) &&
        lines.some((l) => /^DF003\s+no-latest-tag\s+info\s+—\s+Base image without a version \(latest\)$/.test(l)),
      r.stdout,
    );
    assert.equal(lines.filter((l) => /^[A-Z]{2}\d{3}\s/.test(l)).length, allRules.length);
  });

  it('--rule narrows the list', () => {
    const rules = json(bosun(['--list-rules', '--format', 'json', '--rule', 'no-root-user']));
    assert.deepEqual(
      rules.map((m: any) => m.code),
      ['DF001'],
    );
  });
});

describe('--rule', () => {
  let ws: string;
  before(() => {
    ws = workspace({ Dockerfile: ROOT_DOCKERFILE });
  });

  for (const spec of ['DF001', 'df001', 'no-root-user']) {
    it(`--rule ${spec} runs DF001`, () => {
      const out = json(bosun(['--format', 'json', '--rule', spec], { cwd: ws }));
      assert.deepEqual(
        out.files[0].findings.map((f: any) => [f.code, f.line]),
        [['DF001', 1]],
      );
    });
  }

  const other = allRules.find((r) => r.meta.code !== 'DF001');
  it('--rule with another rule leaves DF001 out', { skip: other ? false : 'only DF001 is registered' }, () => {
    const out = json(bosun(['--format', 'json', '--rule', other!.meta.code], { cwd: ws }));
    assert.ok(
      out.files[0].findings.every((f: any) => f.code === other!.meta.code),
      JSON.stringify(out.files[0].findings),
    );
  });

  it('an unknown rule is a usage error', () => {
    assertOneLineError(bosun(['--rule', 'DF999'], { cwd: ws }), "unknown rule 'DF999'");
  });
});

describe('a rule that is off by default (DF019 pin-os-packages)', () => {
  const UNPINNED = 'FROM alpine:3.20\nRUN apk add --no-cache curl\nUSER 65532\nCMD ["curl"]\n';
  const df019 = (out: any) => out.files.flatMap((f: any) => f.findings.filter((x: any) => x.code === 'DF019').map((x: any) => `${f.path}:${x.line} ${x.level}`));

  it('does not run without a setting, runs with a level in .bosun.yaml (also per glob) or when --rule names it', () => {
    const ws = workspace({ 'a/Dockerfile': UNPINNED, 'b/Dockerfile': UNPINNED, 'c/Dockerfile': UNPINNED, 'b/.bosun.yaml': 'rules:\n  DF019: info\n' });
    writeFileSync(join(ws, '.bosun.yaml'), 'overrides:\n  - files: ["c/**"]\n    rules: { pin-os-packages: hint }\n');
    assert.deepEqual(df019(json(bosun(['--format', 'json', '--fail-level', 'none', '.'], { cwd: ws }))), ['b/Dockerfile:2 info', 'c/Dockerfile:2 hint']);
    assert.deepEqual(df019(json(bosun(['--format', 'json', '--fail-level', 'none', '--rule', 'DF019', 'a'], { cwd: ws }))), ['a/Dockerfile:2 hint']);
  });

  it('is listed as off, in text, JSON and the SARIF rule table', () => {
    const text = bosun(['--list-rules', '--rule', 'DF019']).stdout;
    assert.match(text, /^DF019\s+pin-os-packages\s+off \(hint\)\s+—\s+OS packages installed without a version/m);
    const listed = json(bosun(['--list-rules', '--format', 'json']));
    assert.equal(listed.find((m: any) => m.code === 'DF019').defaultOn, false);
    assert.equal(listed.find((m: any) => m.code === 'DF001').defaultOn, true);
    const ws = workspace({ Dockerfile: UNPINNED });
    const sarif = json(bosun(['--format', 'sarif', '--fail-level', 'none'], { cwd: ws }));
    const rules = sarif.runs[0].tool.driver.rules;
    assert.deepEqual(rules.find((r: any) => r.id === 'DF019').defaultConfiguration, { level: 'note', enabled: false });
    assert.deepEqual(rules.find((r: any) => r.id === 'DF001').defaultConfiguration, { level: 'warning' });
    assert.ok(!sarif.runs[0].results.some((r: any) => r.ruleId === 'DF019'), 'no DF019 result without a setting');
  });
});

describe('usage errors exit 2 with one line and a hint', () => {
  const cases: [string[], string][] = [
    [['--frobnicate'], "unknown option '--frobnicate'"],
    [['--format', 'xml'], "invalid value 'xml' for --format"],
    [['--format'], 'option --format needs a value'],
    [['--fail-level', 'fatal'], "invalid value 'fatal' for --fail-level"],
    [['--language=yaml'], "invalid value 'yaml' for --language"],
    [['--list-rules=yes'], 'option --list-rules takes no value'],
    [['does-not-exist/Dockerfile'], 'no such file or directory: does-not-exist/Dockerfile'],
    [['-'], "reading stdin ('-') needs --language"],
  ];
  for (const [args, message] of cases) {
    it(args.join(' '), () => assertOneLineError(bosun(args, { cwd: h.tmp }), message));
  }

  it('an explicit file of unknown kind needs --language', () => {
    const ws = workspace({ 'build.txt': ROOT_DOCKERFILE });
    assertOneLineError(bosun(['build.txt'], { cwd: ws }), "cannot tell whether 'build.txt' is a Dockerfile or a Compose file");
    const out = json(bosun([...DF, 'build.txt', '--language', 'dockerfile', '--format', 'json'], { cwd: ws }));
    assert.deepEqual(
      out.files.map((f: any) => [f.path, f.language, f.findings.map((x: any) => x.code)]),
      [['build.txt', 'dockerfile', ['DF001']]],
    );
  });
});

describe('stdin', () => {
  it("'-' with --language lints stdin as <stdin>", () => {
    const r = bosun([...DF, '-', '--language', 'dockerfile', '--fail-level', 'warning'], { cwd: h.tmp, input: ROOT_DOCKERFILE });
    assert.equal(r.code, 1);
    assert.ok(r.stdout.startsWith(`<stdin>:1:1  warning  DF001  ${DF001_MSG}\n`), r.stdout);
  });
});

describe('files that cannot be linted', () => {
  const binary = Buffer.concat([Buffer.from('FROM alpine\n'), Buffer.from([0, 1, 2, 0, 255])]);

  it('a binary file is skipped with one line; nothing linted -> exit 2', () => {
    const ws = workspace({ Dockerfile: binary });
    const r = bosun(['--format', 'json'], { cwd: ws });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'bosun: Dockerfile: binary file (NUL bytes), not linted (skipped)\nbosun: nothing could be linted\n');
    const out = json(r);
    assert.deepEqual(out.files, []);
    assert.deepEqual(out.skipped, [{ path: 'Dockerfile', reason: 'binary file (NUL bytes), not linted' }]);
  });

  it('a binary file next to a good one: the other linted, but the run fails (exit 2) unless --skip-unreadable', () => {
    const ws = workspace({ 'a/Dockerfile': binary, 'b/Dockerfile': ROOT_DOCKERFILE });
    const r = bosun([...DF, '--fail-level', 'warning'], { cwd: ws });
    assert.equal(r.code, 2, 'a Dockerfile the walk found and could not check must not pass a CI gate');
    assert.equal(
      r.stderr,
      'bosun: a/Dockerfile: binary file (NUL bytes), not linted (skipped)\nbosun: 1 file could not be checked: exit 2 (--skip-unreadable lets the run pass)\n',
    );
    assert.ok(r.stdout.startsWith('b/Dockerfile:1:1  warning  DF001'), r.stdout);
    const skipping = bosun([...DF, '--fail-level', 'warning', '--skip-unreadable'], { cwd: ws });
    assert.equal(skipping.code, 1, 'opted in: the findings decide');
    assert.match(skipping.stderr, /1 file could not be checked \(--skip-unreadable: not an error\)/);
  });

  it('a file over 5 MB is skipped, and fails the run unless --skip-unreadable', () => {
    const ws = workspace({ 'big/Dockerfile': `${ROOT_DOCKERFILE}#${'x'.repeat(5 * 1024 * 1024)}\n`, 'ok/compose.yaml': COMPOSE });
    const r = bosun([...DF, '--format', 'json'], { cwd: ws });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^bosun: big\/Dockerfile: too large \(over 5 MB\) \(skipped\)\n/);
    assert.deepEqual(
      json(r).files.map((f: any) => f.path),
      ['ok/compose.yaml'],
    );
    assert.equal(bosun([...DF, '--format', 'json', '--skip-unreadable'], { cwd: ws }).code, 0);
  });

  it('a directory given where a file is expected (empty dir named compose.yaml) -> one line, exit 2', () => {
    const ws = workspace({});
    mkdirSync(join(ws, 'compose.yaml'));
    const r = bosun(['compose.yaml'], { cwd: ws });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'bosun: compose.yaml: is a directory, not a Compose file (skipped)\nbosun: nothing could be linted\n');
  });

  it('a FIFO named Dockerfile is skipped without blocking (exit 2 unless --skip-unreadable)', { skip: process.platform === 'win32' ? 'no mkfifo' : false }, () => {
    const ws = workspace({ 'ok/Dockerfile': NONROOT_DOCKERFILE });
    mkdirSync(join(ws, 'pipe'));
    assert.equal(spawnSync('mkfifo', [join(ws, 'pipe', 'Dockerfile')]).status, 0);
    const r = bosun([...DF, '--format', 'json'], { cwd: ws });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^bosun: pipe\/Dockerfile: not a regular file \(skipped\)\n/);
    assert.deepEqual(
      json(r).files.map((f: any) => f.path),
      ['ok/Dockerfile'],
    );
    assert.equal(bosun([...DF, '--format', 'json', '--skip-unreadable'], { cwd: ws }).code, 0);
  });

  it('an unreadable file is skipped with one line', { skip: process.getuid?.() === 0 ? 'root can read anything' : false }, () => {
    const ws = workspace({ Dockerfile: ROOT_DOCKERFILE });
    spawnSync('chmod', ['000', join(ws, 'Dockerfile')]);
    const r = bosun([], { cwd: ws });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^bosun: Dockerfile: permission denied \(EACCES\) \(skipped\)\n/);
  });
});

describe('an empty directory', () => {
  it('text: exit 0 and says nothing was found', () => {
    const ws = workspace({ 'README.md': '# nothing here\n' });
    const r = bosun([], { cwd: ws });
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'No Dockerfiles, Containerfiles or Compose files found in . (0 files checked)\n');
  });

  it('json: no files, zero summary, exit 0', () => {
    const ws = workspace({});
    const r = bosun(['--format', 'json', '--fail-level', 'hint'], { cwd: ws });
    assert.equal(r.code, 0);
    const out = json(r);
    assert.deepEqual(out.files, []);
    assert.equal(out.summary.files, 0);
    assert.equal(out.summary.findings, 0);
  });
});

describe('the examples workspace', () => {
  it('reports DF001 on examples/Dockerfile and nothing above hint level on examples/api/Dockerfile', () => {
    const r = bosun(['examples', '--format', 'json']);
    assert.equal(r.stderr, '');
    const files = json(r).files;
    const byPath = new Map(files.map((f: any) => [f.path, f]));
    assert.deepEqual([...byPath.keys()].sort(), ['examples/Dockerfile', 'examples/api/Dockerfile', 'examples/compose.yaml']);
    const df = (byPath.get('examples/Dockerfile') as any).findings.filter((f: any) => f.code === 'DF001');
    assert.deepEqual(
      df.map((f: any) => [f.line, f.column]),
      [[4, 1]],
    );
    // Only opinionated hints (e.g. DF070: not pinned by digest) may remain on the well-kept example.
    const serious = (byPath.get('examples/api/Dockerfile') as any).findings.filter((f: any) => f.level !== 'hint');
    assert.deepEqual(serious, []);
  });
});
