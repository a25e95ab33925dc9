import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findConfig, optionsFor, parseConfig } from './config.js';

const known = (k: string) => ['DF001', 'no-root-user', 'DC003', 'require-no-new-privileges', 'DF050'].includes(k);

describe('.bosun.yaml', () => {
  it('reads levels, options, ignore paths, trusted registries, fail level and overrides', () => {
    const { config, problems } = parseConfig(
      [
        'rules:',
        '  DF001: error',
        '  require-no-new-privileges: off',
        '  DF050: { level: warning, options: { allowedRegistries: [ghcr.io] } }',
        'ignore: [vendor/**, "*.generated.yaml"]',
        'registries: { trusted: [docker.io] }',
        'failLevel: warning',
        'overrides:',
        '  - files: ["docker-compose.dev.yml"]',
        '    rules: { DF001: off }',
      ].join('\n'),
      known,
    );
    assert.deepEqual(problems, []);
    assert.equal(config.failLevel, 'warning');
    const prod = optionsFor(config, 'deploy/compose.yaml');
    assert.deepEqual(prod.levels, { DF001: 'error', 'require-no-new-privileges': 'off', DF050: 'warning' });
    assert.deepEqual(prod.ruleOptions.DF050, { allowedRegistries: ['ghcr.io'] });
    assert.deepEqual(prod.ruleOptions['no-untrusted-registry'], { allowedRegistries: ['docker.io'] });
    assert.equal(prod.ignored, false);
    assert.equal(optionsFor(config, 'docker-compose.dev.yml').levels.DF001, 'off');
    assert.equal(optionsFor(config, 'vendor/x/Dockerfile').ignored, true);
    assert.equal(optionsFor(config, 'a/b.generated.yaml').ignored, true);
    assert.equal(optionsFor(config, 'Dockerfile', { DF001: 'hint' }).levels.DF001, 'hint', 'editor settings add on top');
  });

  it('reports problems with their positions and keeps what is valid', () => {
    const text = 'rules:\n  DF001: loud\n  DF999: off\n  DC003: off\nfailLevel: sometimes\ncolour: blue\nignore: vendor\n';
    const { config, problems } = parseConfig(text, known);
    const at = (p: { span: { start: number; end: number } }) => text.slice(p.span.start, p.span.end);
    assert.deepEqual(
      problems.map((p) => [p.severity, at(p), p.message.split(' ')[0]]),
      [
        ['error', 'loud', 'Level'],
        ['warning', 'DF999', 'Unknown'],
        ['error', 'sometimes', 'failLevel'],
        ['warning', 'colour', 'Unknown'],
        ['error', 'vendor', 'ignore'],
      ],
    );
    assert.deepEqual(config.rules, { DC003: { level: 'off' } });
  });

  it('reads imageFacts: a lock file path inside the folder, a positive age; refuses the rest', () => {
    const ok = parseConfig('imageFacts:\n  lockFile: ci/images.lock.json\n  maxAgeDays: 14\n', known);
    assert.deepEqual(ok.problems, []);
    assert.deepEqual(ok.config.imageFacts, { lockFile: 'ci/images.lock.json', maxAgeDays: 14 });
    for (const bad of ['../outside.json', '/etc/passwd', 'a/../../b.json', 'C:/x.json', '""']) {
      const r = parseConfig(`imageFacts:\n  lockFile: ${bad}\n`, known);
      assert.equal(r.config.imageFacts?.lockFile, undefined, bad);
      assert.match(r.problems.map((p) => p.message).join(), /lockFile must be a relative path inside this folder/, bad);
    }
    const age = parseConfig('imageFacts: { maxAgeDays: -1, extra: 1 }\n', known);
    assert.deepEqual(
      age.problems.map((p) => p.severity),
      ['error', 'warning'],
    );
  });

  it('turns broken YAML into a problem, never a throw', () => {
    for (const text of ['rules: [', 'rules:\n  DF001: error\n DF001: off', '\u0000\u0001', '- a\n- b', '', 'a: &a [*a]']) {
      const r = parseConfig(text, known);
      assert.ok(Array.isArray(r.problems));
    }
    assert.ok(parseConfig('rules: [', known).problems.length > 0);
    assert.ok(parseConfig('- a', known).problems.length > 0);
  });

  it('finds the nearest config up to the workspace root', () => {
    const files = new Set(['/ws/.bosun.yaml', '/ws/svc/.bosun.yml', '/.bosun.yaml']);
    const exists = (p: string) => files.has(p);
    assert.equal(findConfig('/ws/svc/api', '/ws', exists), '/ws/svc/.bosun.yml');
    assert.equal(findConfig('/ws/other', '/ws', exists), '/ws/.bosun.yaml');
    assert.equal(findConfig('/elsewhere/x', '/elsewhere', exists), undefined, 'never above the root');
  });
});
