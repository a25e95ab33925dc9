import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigResolver, isConfigFile } from './config-resolver.js';

const known = (k: string) => ['DF001', 'DC003', 'no-root-user'].includes(k);

function resolver(files: Record<string, string | { error: string }>) {
  const reads: string[] = [];
  const r = new ConfigResolver((p) => {
    reads.push(p);
    return files[p];
  }, known);
  return { r, reads, files };
}

describe('ConfigResolver (shared by the CLI and the editor)', () => {
  it('uses the nearest config up to the root, with paths relative to the config', () => {
    const { r } = resolver({
      '/ws/.bosun.yaml': 'rules: { DF001: error }\noverrides:\n  - files: ["svc/*.dev.yml"]\n    rules: { DC003: off }\n',
      '/ws/deep/.bosun.yml': 'rules: { DF001: off }\n',
    });
    assert.equal(r.forFile('/ws/svc/compose.dev.yml', '/ws').path, '/ws/.bosun.yaml');
    assert.deepEqual(r.optionsFor('/ws/svc/compose.dev.yml', '/ws').levels, { DF001: 'error', DC003: 'off' });
    assert.deepEqual(r.optionsFor('/ws/deep/a/Dockerfile', '/ws').levels, { DF001: 'off' });
    // Editor levels win over the config.
    assert.deepEqual(r.optionsFor('/ws/Dockerfile', '/ws', { DF001: 'hint' }).levels, { DF001: 'hint' });
  });

  it('never looks above the root; a file outside it only sees its own folder', () => {
    const { r } = resolver({ '/.bosun.yaml': 'rules: { DF001: off }\n', '/elsewhere/.bosun.yaml': 'ignore: ["*"]\n' });
    assert.equal(r.forFile('/ws/a/Dockerfile', '/ws').path, undefined);
    assert.equal(r.forFile('/elsewhere/Dockerfile', '/ws').path, '/elsewhere/.bosun.yaml');
    assert.equal(r.optionsFor('/elsewhere/Dockerfile', '/ws').ignored, true);
    assert.equal(r.forFile('/other/x/Dockerfile', '/ws').path, undefined);
  });

  it('reads each config once until invalidated; an unreadable one is a located problem', () => {
    const { r, reads, files } = resolver({ '/ws/.bosun.yaml': 'rules: { DF001: off }\n' });
    r.forFile('/ws/a/Dockerfile', '/ws');
    r.forFile('/ws/b/Dockerfile', '/ws');
    assert.equal(reads.filter((p) => p === '/ws/.bosun.yaml').length, 1);
    files['/ws/.bosun.yaml'] = { error: 'EACCES: permission denied' };
    r.invalidate('/ws/.bosun.yaml');
    const loaded = r.forFile('/ws/a/Dockerfile', '/ws');
    assert.deepEqual(
      loaded.problems.map((p) => [p.message, p.severity]),
      [['cannot read config: EACCES: permission denied', 'error']],
    );
    assert.deepEqual(loaded.config.rules, {});
    delete files['/ws/.bosun.yaml'];
    files['/ws/a/.bosun.yml'] = 'rules: { no-root-user: error }\n';
    r.invalidate();
    assert.equal(r.forFile('/ws/a/Dockerfile', '/ws').path, '/ws/a/.bosun.yml');
    assert.deepEqual(
      r.all().map((l) => l.path),
      ['/ws/a/.bosun.yml'],
    );
  });

  it('knows config file names', () => {
    assert.ok(isConfigFile('/ws/.bosun.yaml') && isConfigFile('/ws/x/.bosun.yml'));
    assert.ok(!isConfigFile('/ws/bosun.yaml') && !isConfigFile('/ws/.bosun.yaml.bak'));
  });
});
