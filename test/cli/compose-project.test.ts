/**
 * The Compose project as `docker compose config` sees it, through the CLI on real folders: each
 * finding is about the service Compose would run (defaults, `extends` from another file, the default
 * override file, `COMPOSE_FILE` in `.env`, `include` with its own variables, `use_api_socket`), and
 * is shown in the file and on the line the user would change.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type CliHarness, cliHarness, parseJson } from '../support/cli.js';

let h: CliHarness;
before(async () => {
  h = await cliHarness();
});
after(() => h?.dispose());

interface Hit {
  path: string;
  line: number;
  code: string;
  related: string[];
}

/** Findings of `codes` in a workspace (SARIF, which carries related locations), as path, line and related `path:line`s. */
function lint(files: Record<string, string>, codes: string[]): Hit[] {
  const ws = h.workspace(files);
  const r = h.bosun(['--format', 'sarif', ...codes.flatMap((c) => ['--rule', c]), '.'], { cwd: ws });
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  const place = (l: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }) => ({
    path: l.physicalLocation.artifactLocation.uri,
    line: l.physicalLocation.region.startLine,
  });
  const hits: Hit[] = [];
  for (const x of parseJson(r).runs[0].results) {
    const at = place(x.locations[0]);
    hits.push({ ...at, code: x.ruleId, related: (x.relatedLocations ?? []).map((rel: Parameters<typeof place>[0]) => `${place(rel).path}:${place(rel).line}`) });
  }
  return hits.sort((a, b) => `${a.path}:${a.line}`.localeCompare(`${b.path}:${b.line}`));
}

describe('one value policy: a default is what ships unless .env says otherwise', () => {
  it('DC040 reads ${BIND:-0.0.0.0} as 0.0.0.0, like DC002 reads ${SOCK:-/var/run/docker.sock}', () => {
    const hits = lint(
      {
        'compose.yaml':
          'services:\n  web:\n    image: nginx:1.27\n    ports: ["${BIND:-0.0.0.0}:8080:80"]\n' + '    volumes: ["${SOCK:-/var/run/docker.sock}:/var/run/docker.sock"]\n',
      },
      ['DC040', 'DC002'],
    );
    assert.deepEqual(hits.map((x) => `${x.code} ${x.path}:${x.line}`).sort(), ['DC002 compose.yaml:5', 'DC040 compose.yaml:4']);
  });

  it('a .env that sets the variable decides (looks risky, is fine)', () => {
    const hits = lint(
      {
        'compose.yaml':
          'services:\n  web:\n    image: nginx:1.27\n    ports: ["${BIND:-0.0.0.0}:8080:80"]\n' + '    volumes: ["${SOCK:-/var/run/docker.sock}:/var/run/docker.sock"]\n',
        '.env': 'BIND=127.0.0.1\nSOCK=/srv/app/ipc.sock\n',
      },
      ['DC040', 'DC002'],
    );
    assert.deepEqual(hits, []);
  });
});

describe('extends from another file', () => {
  it('DC001 on the service that runs privileged, at its extends, related to the base file', () => {
    const hits = lint(
      {
        'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    extends:\n      file: common.yaml\n      service: base\n',
        'common.yaml': 'services:\n  base:\n    privileged: true\n',
      },
      ['DC001'],
    );
    assert.deepEqual(hits, [{ path: 'compose.yaml', code: 'DC001', line: 4, related: ['common.yaml:3'] }]);
  });

  it('the service turning it off again is fine', () => {
    const hits = lint(
      {
        'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: false\n    extends:\n      file: common.yaml\n      service: base\n',
        'common.yaml': 'services:\n  base:\n    privileged: true\n',
      },
      ['DC001'],
    );
    assert.deepEqual(hits, []);
  });
});

describe('the override file docker compose up merges', () => {
  it('privileged: false in compose.override.yaml wins over the base file', () => {
    const hits = lint(
      {
        'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n',
        'compose.override.yaml': 'services:\n  web:\n    privileged: false\n',
      },
      ['DC001'],
    );
    assert.deepEqual(hits, []);
  });

  it('an override file that leaves privileged alone keeps the finding in the base file', () => {
    const hits = lint(
      {
        'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n',
        'compose.override.yaml': 'services:\n  web:\n    read_only: true\n',
      },
      ['DC001'],
    );
    assert.deepEqual(hits, [{ path: 'compose.yaml', code: 'DC001', line: 4, related: [] }]);
  });

  it('COMPOSE_FILE in .env picks the files instead of the default override', () => {
    const files = {
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n',
      'compose.override.yaml': 'services:\n  web:\n    privileged: false\n',
      'compose.prod.yaml': 'services:\n  web:\n    cpus: 1\n',
      '.env': 'COMPOSE_FILE=compose.yaml:compose.prod.yaml\n',
    };
    assert.deepEqual(lint(files, ['DC001']), [{ path: 'compose.yaml', code: 'DC001', line: 4, related: [] }]);
    const off = { ...files, 'compose.prod.yaml': 'services:\n  web:\n    privileged: false\n' };
    assert.deepEqual(lint(off, ['DC001']), []);
  });
});

describe('include with its own variables', () => {
  it('an included file is read with the env_file its includer gives it', () => {
    const files = {
      'compose.yaml': 'include:\n  - path: db/compose.yaml\n    env_file: db/prod.env\nservices:\n  web:\n    image: nginx:1.27\n',
      'db/compose.yaml': 'services:\n  db:\n    image: postgres:17\n    ports: ["${DB_BIND:-127.0.0.1}:5432:5432"]\n',
      'db/prod.env': 'DB_BIND=0.0.0.0\n',
    };
    const hits = lint(files, ['DC041']);
    assert.deepEqual(hits, [{ path: 'db/compose.yaml', code: 'DC041', line: 4, related: [] }]);
    // Without the includer's env_file, the default in the file decides.
    assert.deepEqual(lint({ ...files, 'compose.yaml': 'include:\n  - db/compose.yaml\nservices:\n  web:\n    image: nginx:1.27\n' }, ['DC041']), []);
  });

  it('project_directory decides where the included file finds its .env', () => {
    const files = {
      'compose.yaml': 'include:\n  - path: db/compose.yaml\n    project_directory: conf\nservices:\n  web:\n    image: nginx:1.27\n',
      'db/compose.yaml': 'services:\n  db:\n    image: postgres:17\n    ports: ["${DB_BIND:-127.0.0.1}:5432:5432"]\n',
      'db/.env': 'DB_BIND=127.0.0.1\n',
      'conf/.env': 'DB_BIND=0.0.0.0\n',
    };
    assert.deepEqual(
      lint(files, ['DC041']).map((x) => `${x.path}:${x.line}`),
      ['db/compose.yaml:4'],
    );
  });
});

describe('use_api_socket', () => {
  it('hands the service the engine API socket: DC002', () => {
    const hits = lint({ 'compose.yaml': 'services:\n  agent:\n    image: docker/mcp-gateway:1.0\n    use_api_socket: true\n' }, ['DC002']);
    assert.deepEqual(
      hits.map((x) => `${x.code} ${x.path}:${x.line}`),
      ['DC002 compose.yaml:4'],
    );
  });

  it('use_api_socket: false is fine', () => {
    assert.deepEqual(lint({ 'compose.yaml': 'services:\n  agent:\n    image: docker/mcp-gateway:1.0\n    use_api_socket: false\n' }, ['DC002']), []);
  });
});
