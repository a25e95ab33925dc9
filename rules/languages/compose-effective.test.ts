/** The effective Compose model: anchors, interpolation, extends, include, override files, !reset/!override. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isScalar } from 'yaml';
import { memoryFiles } from '../../test/support/files-view.js';
import { assertLinear, withinHangCeiling } from '../../test/support/scaling.js';
import { SourceText } from '../engine/source.js';
import type { FilesView } from '../engine/types.js';
import { lintText } from '../api.js';
import { type ComposeModel, parseCompose, scalarValue } from './compose.js';
import { envFiles } from './compose-env-files.js';

function model(text: string, files?: Record<string, string>, path = '/project/compose.yaml'): ComposeModel {
  const view: FilesView | undefined = files ? memoryFiles(files) : undefined;
  return parseCompose(new SourceText(path, text), { files: view });
}

const at = (m: ComposeModel, text: string, nth = 0) => {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = m.file.text.indexOf(text, i + 1);
  assert.ok(i >= 0, `'${text}' not in file`);
  return { start: i, end: i + text.length };
};

describe('anchors and merge keys', () => {
  const text = 'x-base: &base\n  user: root\n  cap_add: [NET_ADMIN]\nservices:\n  web:\n    <<: *base\n    cap_add: !reset []\n';
  it('reports merged keys at the use site, with the anchor as source', () => {
    const m = model(text);
    const web = m.services[0];
    const user = web.get('user')!;
    assert.deepEqual(user.span, at(m, '*base'));
    assert.deepEqual(user.inheritedFrom, at(m, 'user'));
  });
  it('a !reset key is absent and blocks the merged one', () => {
    const m = model(text);
    assert.equal(m.services[0].get('cap_add'), undefined);
    assert.equal(m.services[0].written('cap_add')?.tag, '!reset');
    assert.deepEqual(
      m.services[0].entries().map((e) => e.key),
      ['user'],
    );
  });
  it('the effective value keeps the anchor as related information', () => {
    const m = model(text);
    const user = m.effective('web')!.get('user')!;
    assert.deepEqual(user.span, at(m, '*base'));
    assert.deepEqual(
      user.related.map((r) => [r.span, r.path]),
      [[at(m, 'user'), undefined]],
    );
  });
  it('does not expand an alias bomb', () => {
    let doc = 'x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    let prev = 'a';
    for (let i = 0; i < 12; i++) {
      doc += `x-${i}: &b${i} [${Array(9).fill(`*${prev}`).join(', ')}]\n`;
      prev = `b${i}`;
    }
    doc += `services:\n  web:\n    image: nginx\n    dns: *${prev}\n    <<: {labels: *${prev}}\n`;
    const r = withinHangCeiling('alias bomb', () => lintText('/project/compose.yaml', doc, 'compose'));
    const m = r.model as ComposeModel;
    assert.equal(m.effective('web')!.get('dns')!.items().length, 9);
  });
});

describe('the keys the services of a file write (serviceKeys)', () => {
  it('holds merged, aliased and !reset keys of every service, not the keys of other top-level blocks', () => {
    const m = model(
      'x-base: &base\n  user: root\n  cap_add: [NET_ADMIN]\nx-whole: &whole\n  read_only: true\nservices:\n  web:\n    <<: *base\n    cap_add: !reset []\n  api: *whole\n  db:\n    image: postgres\nnetworks:\n  front: {}\n',
    );
    assert.deepEqual([...m.serviceKeys()].sort(), ['cap_add', 'image', 'read_only', 'user']);
  });
  it('a key only another file writes is still found: the file of each layer is asked', () => {
    const m = model('services:\n  web:\n    extends: {file: base.yml, service: app}\n', { 'base.yml': 'services:\n  app:\n    privileged: true\n' });
    assert.equal(m.serviceKeys().has('privileged'), false);
    assert.ok(m.effective('web')!.get('privileged'));
  });
});

describe('interpolation', () => {
  const files = { '.env': 'TAG=1.25\nEMPTY=\nUSER_ID=1000\n' };
  const text =
    'services:\n  web:\n    image: "nginx:${TAG}"\n    user: ${USER_ID:-0}\n    hostname: ${HOST:-web}\n    domainname: $$HOME\n    working_dir: ${EMPTY:?set it}\n    ports: [80]\n';
  const m = model(text, files);
  const get = (k: string) => m.effective('web')!.get(k)!.interpolated();
  it('uses the .env next to the file', () => {
    assert.deepEqual([get('image')!.value, get('image')!.unknown], ['nginx:1.25', false]);
    assert.deepEqual([get('user')!.value, get('user')!.unknown], ['1000', false]);
    assert.equal(m.dotEnv()?.path, '/project/.env');
  });
  it('a variable the project does not set is never read from the environment: its default ships', () => {
    process.env.HOST = 'from-the-editor';
    try {
      assert.deepEqual([get('hostname')!.value, get('hostname')!.unknown], ['web', false]);
    } finally {
      delete process.env.HOST;
    }
  });
  it('$$ escapes, errors, and non-strings', () => {
    assert.equal(get('domainname')!.value, '$HOME');
    assert.deepEqual(get('working_dir')!.errors, [{ name: 'EMPTY', message: 'set it' }]);
    assert.equal(get('ports'), undefined, 'a sequence has no scalar');
  });
  it('without a files view everything that uses a variable is unknown', () => {
    const bare = model(text);
    assert.equal(bare.effective('web')!.get('image')!.interpolated()!.unknown, true);
    assert.equal(bare.dotEnv(), undefined);
  });
});

describe('extends', () => {
  it('same file: base first, reported at the extends key with the source related', () => {
    const text = 'services:\n  base:\n    user: "1000"\n    cap_add: [SYS_ADMIN]\n  web:\n    extends: base\n    cap_add: [NET_ADMIN]\n';
    const m = model(text);
    const web = m.effective('web')!;
    assert.deepEqual(
      web.layers.map((l) => [l.service.name, l.via]),
      [
        ['base', 'extends'],
        ['web', 'self'],
      ],
    );
    assert.equal(web.complete, true);
    const user = web.get('user')!;
    assert.equal(user.scalar(), '1000');
    assert.deepEqual(user.span, at(m, 'extends'));
    assert.deepEqual(
      user.related.map((r) => r.span),
      [at(m, 'user')],
    );
    assert.deepEqual(
      web
        .get('cap_add')!
        .items()
        .map((i) => scalarValue(m, i.node)),
      ['SYS_ADMIN', 'NET_ADMIN'],
    );
    // The base service itself reports at its own keys.
    assert.deepEqual(m.effective('base')!.get('user')!.span, at(m, 'user'));
  });
  it('other file: read through the files view, related points into it', () => {
    const text = 'services:\n  web:\n    extends:\n      file: ./common/base.yml\n      service: app\n    image: nginx\n';
    const files = { 'common/base.yml': 'services:\n  app:\n    extends: core\n    privileged: true\n  core:\n    user: root\n' };
    const m = model(text, files);
    const web = m.effective('web')!;
    assert.deepEqual(
      web.layers.map((l) => [l.model.path, l.service.name, l.via]),
      [
        ['/project/common/base.yml', 'core', 'extends'],
        ['/project/common/base.yml', 'app', 'extends'],
        ['/project/compose.yaml', 'web', 'self'],
      ],
    );
    const priv = web.get('privileged')!;
    assert.equal(priv.scalar(), true);
    assert.deepEqual(priv.span, at(m, 'extends'));
    assert.equal(priv.related[0].path, '/project/common/base.yml');
    assert.deepEqual(priv.related[0].span, { start: files['common/base.yml'].indexOf('privileged'), end: files['common/base.yml'].indexOf('privileged') + 10 });
    assert.equal(web.get('user')!.scalar(), 'root');
  });
  it('a missing file or an unknown variable makes the service incomplete', () => {
    const m = model('services:\n  web:\n    extends: {file: gone.yml, service: app}\n  api:\n    extends: ${BASE}\n', {});
    assert.equal(m.effective('web')!.complete, false);
    assert.equal(m.effective('api')!.complete, false);
  });
  it('a cycle ends', () => {
    const m = model('services:\n  a:\n    extends: b\n  b:\n    extends: a\n');
    assert.equal(m.effective('a')!.complete, false);
  });
  it('related information of another file reaches the finding with its path', () => {
    const files = { 'base.yml': 'services:\n  app:\n    privileged: true\n' };
    const view = memoryFiles(files);
    const m = parseCompose(new SourceText('/project/compose.yaml', 'services:\n  web:\n    extends: {file: base.yml, service: app}\n'), { files: view });
    assert.equal(m.effective('web')!.get('privileged')!.related[0].path, '/project/base.yml');
  });
});

describe('include', () => {
  it('services of included files are part of the project but reported by their own file', () => {
    const files = { 'db/compose.yaml': 'services:\n  db:\n    image: postgres\n' };
    const m = model('include:\n  - db/compose.yaml\n  - path: [missing.yaml]\nservices:\n  web:\n    image: nginx\n', files);
    assert.deepEqual(
      m.includes().map((i) => i.model.path),
      ['/project/db/compose.yaml'],
    );
    const db = m.effective('db')!;
    assert.deepEqual(
      db.layers.map((l) => [l.via, l.foreign]),
      [['include', true]],
    );
    assert.equal(db.get('image')!.span, undefined);
    assert.equal(db.own, undefined);
  });
  it('a file that includes itself ends', () => {
    const m = model('include: [compose.yaml]\nservices: {}\n', { 'compose.yaml': 'include: [compose.yaml]\nservices: {}\n' });
    assert.equal(m.effective('nope'), undefined);
  });
});

describe('override files', () => {
  const base =
    'services:\n  web:\n    image: nginx\n    command: [serve, --a]\n    ports: ["8080:80", "443:443"]\n    volumes: [data:/data, ./logs:/logs]\n    environment:\n      A: "1"\n      B: "2"\n    build:\n      context: .\n      args: [X=1]\n    cap_add: [NET_ADMIN]\n    labels: [keep=1]\n';
  const override =
    'services:\n  web:\n    command: [serve, --b]\n    ports: ["127.0.0.1:8080:80", "443:443"]\n    volumes: [other:/data]\n    environment: [B=3, C]\n    build: {target: dev}\n    cap_add: !reset []\n    labels: !override [only=1]\n    user: app\n  extra:\n    image: redis\n';
  const files = { 'compose.yaml': base, 'compose.override.yaml': override };

  it('the base file sees the override merged in, reported by the override file', () => {
    const m = model(base, files);
    assert.equal(m.mergeSet().role, 'base');
    const web = m.effective('web')!;
    assert.deepEqual(
      web.layers.map((l) => [l.via, l.foreign]),
      [
        ['self', false],
        ['override', true],
      ],
    );
    const user = web.get('user')!;
    assert.equal(user.scalar(), 'app');
    assert.equal(user.span, undefined, 'the override file reports its own values');
    assert.deepEqual(web.get('image')!.span, at(m, 'image'));
  });

  it('merges as Compose does', () => {
    const web = model(base, files).effective('web')!;
    const texts = (k: string) =>
      web
        .get(k)
        ?.items()
        .map((i) => (isScalar(i.node) ? String(i.node.value) : '?'));
    assert.deepEqual(texts('command'), ['serve', '--b']);
    assert.deepEqual(texts('ports'), ['8080:80', '443:443', '127.0.0.1:8080:80']);
    assert.deepEqual(texts('volumes'), ['other:/data', './logs:/logs']);
    assert.deepEqual(
      [...web.get('environment')!.pairs().values()].map((p) => [p.name, p.value]),
      [
        ['A', '1'],
        ['B', '3'],
        ['C', null],
      ],
    );
    assert.equal(web.get('build')!.field('context')!.scalar(), '.');
    assert.equal(web.get('build')!.field('target')!.scalar(), 'dev');
    assert.equal(web.get('cap_add'), undefined, '!reset removes');
    assert.deepEqual(texts('labels'), ['only=1'], '!override replaces');
  });

  it('the override file sees the base under it, reported by the base', () => {
    const m = model(override, files, '/project/compose.override.yaml');
    assert.equal(m.mergeSet().role, 'override');
    const web = m.effective('web')!;
    assert.deepEqual(
      web.layers.map((l) => [l.via, l.foreign]),
      [
        ['base', true],
        ['self', false],
      ],
    );
    assert.equal(web.get('image')!.span, undefined);
    assert.deepEqual(web.get('user')!.span, at(m, 'user'));
  });

  it('only the default names merge, and only the first one found of each', () => {
    assert.equal(model(base, { ...files }, '/project/compose.prod.yaml').mergeSet().role, 'single');
    const both = { 'compose.yaml': base, 'docker-compose.yml': base, 'compose.override.yaml': override };
    assert.equal(model(base, both, '/project/docker-compose.yml').mergeSet().role, 'single');
    assert.equal(model(base, { 'docker-compose.yml': base, 'docker-compose.override.yml': override }, '/project/docker-compose.yml').mergeSet().role, 'base');
  });

  it('without a files view the file stands alone', () => {
    assert.equal(model(base).mergeSet().role, 'single');
  });
});

describe('env_file', () => {
  it('reads env files as data, merged and interpolated', () => {
    const files = { '.env': 'STAGE=prod\n', 'prod.env': 'DB_PASSWORD=hunter22\n' };
    const m = model('services:\n  web:\n    env_file:\n      - ${STAGE}.env\n      - path: ./optional.env\n        required: false\n', files);
    const refs = envFiles(m, m.effective('web')!);
    assert.deepEqual(
      refs.map((r) => [r.path, r.required, r.entries?.map((e) => e.name)]),
      [
        ['/project/prod.env', true, ['DB_PASSWORD']],
        ['/project/optional.env', false, undefined],
      ],
    );
    assert.deepEqual(refs[0].item.span, at(m, '${STAGE}.env'));
  });
});

describe('the project a file belongs to', () => {
  const web = 'services:\n  web:\n    image: nginx\n';
  it('COMPOSE_FILE in .env names the merged files, in order, instead of the default override file', () => {
    const files = { '.env': 'COMPOSE_FILE=compose.yaml:prod/compose.prod.yaml\n', 'compose.override.yaml': web, 'prod/compose.prod.yaml': web };
    const m = model(web, files);
    assert.deepEqual([m.mergeSet().models.map((x) => x.path), m.mergeSet().source], [['/project/compose.yaml', '/project/prod/compose.prod.yaml'], 'COMPOSE_FILE']);
  });
  it('COMPOSE_PATH_SEPARATOR, and a file COMPOSE_FILE does not name is checked alone', () => {
    const files = { '.env': 'COMPOSE_PATH_SEPARATOR=;\nCOMPOSE_FILE=a.yaml;compose.yaml\n', 'a.yaml': web };
    assert.deepEqual(
      model(web, files)
        .mergeSet()
        .models.map((x) => x.path),
      ['/project/a.yaml', '/project/compose.yaml'],
    );
    assert.equal(model(web, files).mergeSet().role, 'override');
    assert.equal(model(web, { '.env': 'COMPOSE_FILE=a.yaml\n', 'a.yaml': web, 'compose.override.yaml': web }).mergeSet().role, 'single');
  });
  it('service-level findings go to the first file that defines the service', () => {
    const files = { 'compose.override.yaml': 'services:\n  web:\n    user: app\n  extra:\n    image: redis\n' };
    const base = model(web, files);
    assert.deepEqual(base.effective('web')!.span, at(base, 'web'));
    const over = model(files['compose.override.yaml'], { ...files, 'compose.yaml': web }, '/project/compose.override.yaml');
    assert.equal(over.effective('web')!.span, undefined);
    assert.deepEqual(over.effective('extra')!.span, at(over, 'extra'));
  });
  it('include: the long syntax with project_directory and env_file gives the included file its own variables and folder', () => {
    const files = {
      'db/compose.yaml': 'services:\n  db:\n    image: postgres:${PG:-16}\n    build: ./ctx\n',
      'db/.env': 'PG=15\n',
      'conf/db.env': 'PG=17\n',
      '.env': 'OTHER=1\n',
    };
    const plain = model('include:\n  - db/compose.yaml\n', files);
    const [inc] = plain.includes();
    assert.deepEqual([inc.dir, inc.env('PG')], ['/project/db', '15']);
    const long = model('include:\n  - path: db/compose.yaml\n    project_directory: conf\n    env_file: [conf/db.env]\n', files);
    const [l] = long.includes();
    assert.deepEqual([l.dir, l.env('PG'), l.env('OTHER')], ['/project/conf', '17', '1']);
    assert.equal(long.effective('db')!.get('image')!.interpolated()!.value, 'postgres:17');
    assert.equal(long.effective('db')!.layers[0].dir, '/project/conf');
  });
  it('an included file is read in the project of the file that includes it (in its folder or the one above)', () => {
    const files = { 'compose.yaml': 'include:\n  - path: db/compose.yaml\n    env_file: secrets/db.env\n', 'secrets/db.env': 'PG=17\n', 'db/.env': 'PG=15\n' };
    const db = model('services:\n  db:\n    image: postgres:${PG}\n', files, '/project/db/compose.yaml');
    assert.deepEqual(db.project().includedBy?.path, '/project/compose.yaml');
    assert.equal(db.effective('db')!.get('image')!.interpolated()!.value, 'postgres:17');
    assert.equal(db.mergeSet().source, 'include');
    // Included by nobody: its own folder's .env.
    const alone = model('services:\n  db:\n    image: postgres:${PG}\n', { 'db/.env': 'PG=15\n' }, '/project/db/compose.yaml');
    assert.equal(alone.effective('db')!.get('image')!.interpolated()!.value, 'postgres:15');
  });
});

describe('cost', () => {
  it('lints n and 4n services in time linear in n (the model and the cross-file rules)', () => {
    const compose = (services: number) => {
      let text = 'x-common: &common\n  restart: unless-stopped\n  security_opt: [no-new-privileges:true]\nservices:\n';
      for (let i = 0; i < services; i++) {
        text += `  svc${i}:\n    <<: *common\n    image: "registry.example.com/app${i}:\${TAG:-1.0}"\n    build:\n      context: ./s${i}\n    ports: ["127.0.0.1:${8000 + i}:80"]\n    environment:\n      LOG_LEVEL: info\n      PORT: "80"\n    healthcheck:\n      test: [CMD, true]\n`;
      }
      return { text, files: memoryFiles({ '.env': 'TAG=2\n', 'compose.yaml': text }) };
    };
    const lint = ({ text, files }: ReturnType<typeof compose>) => lintText('/project/compose.yaml', text, 'compose', { files });
    assert.deepEqual(lint(compose(420)).errors, []); // 5,000 lines
    assertLinear('services with merges, builds, ports and .env interpolation', compose, lint, 105);
  });

  it('lints n and 4n services with one port each in time linear in n (5,000 services)', () => {
    const compose = (services: number) => {
      let text = 'services:\n';
      for (let i = 0; i < services; i++) text += `  s${i}:\n    image: nginx:1.${i}\n    ports:\n      - "${8000 + (i % 1000)}:80"\n`;
      return text;
    };
    const lint = (text: string) => lintText('/project/compose.yaml', text, 'compose');
    assert.equal(lint(compose(5000)).findings.filter((f) => f.code === 'DC040').length, 5000);
    assertLinear('services with a published port each', compose, lint, 1250);
  });
});
