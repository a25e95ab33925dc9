/**
 * Differential test of the Compose project model: for generated multi-file projects (a base file,
 * the default override file with `!reset`/`!override`, services extending services of another file,
 * an included file), each rule's findings on the split project — every file of it linted as the
 * editor and the CLI lint it — equal its findings on the single file `docker compose config` would
 * print for the project, modulo locations. Docker is not on this machine: the test writes that merged
 * file itself, from the merge rules of the Compose specification (13-merge.md, 14-include.md, extends).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { type LintResult, lintText } from '../../rules/api.js';
import { memoryFiles } from '../support/files-view.js';

type Value = string | number | boolean | null | Value[] | { [key: string]: Value };
type Body = Record<string, Value>;
/** A key of an override service that is tagged: `!reset` drops it, `!override` replaces it. */
type Tagged = { tag: '!reset' | '!override'; key: string };

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const subset = <T>(xs: readonly T[]) => fc.subarray([...xs], { minLength: 1 });

/** Values chosen to wake the rules up, with as many harmless ones beside them. */
const KEYS: Record<string, fc.Arbitrary<Value>> = {
  image: pick(['nginx:1.27.3', 'nginx:latest', 'postgres', 'redis:7']),
  privileged: fc.boolean(),
  user: pick(['root', '1000:1000', '0']),
  network_mode: pick(['host', 'bridge']),
  pid: pick(['host', 'private']),
  read_only: fc.boolean(),
  cap_add: subset(['SYS_ADMIN', 'NET_ADMIN', 'CHOWN', 'SYS_PTRACE']),
  cap_drop: subset(['ALL', 'NET_RAW']),
  security_opt: subset(['no-new-privileges:true', 'seccomp:unconfined', 'no-new-privileges:false', 'label:disable']),
  ports: subset(['8080:80', '127.0.0.1:9090:90', '5432:5432', '22:22', '3000', '127.0.0.1:5432:5432']),
  // Distinct targets: Docker refuses two mounts at one place in a service.
  volumes: subset(['/var/run/docker.sock:/var/run/docker.sock', '/etc:/host/etc', '/etc/ssl:/host/ssl:ro', './data:/data', 'vol:/v', '~/.ssh:/root/.ssh', '/srv/shared:/shared']),
  environment: fc.dictionary(
    pick(['DB_PASSWORD', 'LOG_LEVEL', 'API_TOKEN', 'SECRET_KEY']),
    pick(['hunter2hunter2', 'info', '${TOKEN}', 'ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']),
    { minKeys: 1, maxKeys: 3 },
  ),
  mem_limit: pick(['512m', '0']),
  cpus: pick(['1.0', '0']),
  pids_limit: pick([100, -1]),
  restart: pick(['always', 'on-failure:3', 'no']),
  healthcheck: pick<Value>([{ test: ['CMD', 'true'] }, { disable: true }, { test: ['NONE'] }]),
  logging: pick([{ driver: 'none' }, { driver: 'json-file' }]),
  tmpfs: subset(['/run:exec', '/tmp']),
  devices: subset(['/dev/sda', '/dev/fuse']),
  ulimits: pick([{ nproc: 100 }]),
  use_api_socket: fc.boolean(),
  networks: pick([['front'], ['back']]),
  command: pick([['run', '--token=ghp_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'], ['serve']]),
  oom_kill_disable: fc.boolean(),
  cgroup_parent: pick(['/system.slice', '']),
};

/** An override file writes other mounts and ports at the same places: they replace the base file's (same target, same address and ports). */
const OVERRIDE_KEYS: Record<string, fc.Arbitrary<Value>> = {
  ...KEYS,
  volumes: subset(['/etc:/host/etc:ro', '/srv/other:/shared', '/var/run/docker.sock:/var/run/docker.sock:ro', 'vol2:/data']),
  ports: subset(['8080:80', '127.0.0.1:5432:5432', '0.0.0.0:22:22', '8443:443']),
};

function bodyOf(keys: Record<string, fc.Arbitrary<Value>>): fc.Arbitrary<Body> {
  return fc
    .subarray(Object.keys(keys), { maxLength: 8 })
    .chain((chosen) => (chosen.length ? fc.record(Object.fromEntries(chosen.map((k) => [k, keys[k]]))) : fc.constant({})))
    .map((b) => b as Body);
}

const body = bodyOf(KEYS);

interface Project {
  base: Record<string, Body & { extends?: Value }>;
  override: Record<string, Body> | undefined;
  tags: Record<string, Tagged[]>;
  common: Record<string, Body>;
  included: Record<string, Body> | undefined;
}

const NAMES = ['web', 'db', 'worker', 'proxy'];

const project: fc.Arbitrary<Project> = fc
  .record({
    base: fc.dictionary(pick(NAMES), body, { minKeys: 1, maxKeys: 3 }),
    common: fc.record({ base: body, hardened: body }),
    extend: fc.array(fc.tuple(pick(NAMES), pick(['base', 'hardened'])), { maxLength: 2 }),
    override: fc.option(fc.dictionary(pick([...NAMES, 'extra']), bodyOf(OVERRIDE_KEYS), { minKeys: 1, maxKeys: 3 }), { nil: undefined }),
    tagsOf: fc.array(fc.tuple(pick([...NAMES, 'extra']), pick(Object.keys(KEYS)), pick(['!reset', '!override'] as const)), { maxLength: 3 }),
    included: fc.option(fc.dictionary(pick(['cache', 'queue']), body, { minKeys: 1, maxKeys: 2 }), { nil: undefined }),
  })
  .map(({ base, common, extend, override, tagsOf, included }) => {
    const withExtends: Project['base'] = { ...base };
    for (const [name, target] of extend) if (withExtends[name]) withExtends[name] = { ...withExtends[name], extends: { file: 'common.yaml', service: target } };
    const tags: Record<string, Tagged[]> = {};
    for (const [name, key, tag] of tagsOf) {
      const svc = override?.[name];
      if (!svc || !(key in svc) || tags[name]?.some((t) => t.key === key)) continue;
      (tags[name] ??= []).push({ tag, key });
    }
    return { base: withExtends, override, tags, common, included };
  });

// ---------------------------------------------------------------------------------------------
// The merge rules, written from the specification (not from the implementation under test)

const UNIQUE: Record<string, (item: Value) => string> = {
  ports: (p) => {
    const parts = String(p).split(':');
    const target = parts.pop() ?? '';
    const published = parts.pop() ?? '';
    return `${parts.join(':')}|${published}|${target}|tcp`;
  },
  volumes: (v) => String(v).split(':')[1] ?? String(v),
};
const REPLACED = new Set(['command', 'entrypoint', 'healthcheck.test']);

function isObject(v: Value | undefined): v is { [key: string]: Value } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `over` merged onto `base` at `path` (mappings by key, sequences appended or replaced, scalars replaced). */
function mergeValue(path: string, base: Value | undefined, over: Value): Value {
  if (isObject(base) && isObject(over)) {
    const out: { [key: string]: Value } = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in out ? mergeValue(`${path}.${k}`, out[k], v) : v;
    return out;
  }
  if (Array.isArray(base) && Array.isArray(over) && !REPLACED.has(path)) {
    const key = UNIQUE[path] ?? ((x: Value) => JSON.stringify(x));
    const out = [...base];
    for (const item of over) {
      const i = out.findIndex((x) => key(x) === key(item));
      if (i >= 0) out[i] = item;
      else out.push(item);
    }
    return out;
  }
  return over;
}

function mergeService(base: Body | undefined, over: Body, tags: Tagged[] = []): Body {
  const out: Body = { ...(base ?? {}) };
  for (const [k, v] of Object.entries(over)) {
    const tag = tags.find((t) => t.key === k)?.tag;
    if (tag === '!reset') delete out[k];
    else if (tag === '!override') out[k] = v;
    else out[k] = k in out ? mergeValue(k, out[k], v) : v;
  }
  return out;
}

/** What `docker compose config` prints for the project, as plain data. */
function merged(p: Project): { services: Record<string, Body> } {
  const services: Record<string, Body> = {};
  for (const [name, svc] of Object.entries(p.base)) {
    const { extends: ext, ...own } = svc;
    const from = isObject(ext) ? p.common[String(ext.service)] : undefined;
    services[name] = from ? mergeService(from, own) : own;
  }
  for (const [name, svc] of Object.entries(p.override ?? {})) services[name] = mergeService(services[name], svc, p.tags[name]);
  for (const [name, svc] of Object.entries(p.included ?? {})) services[name] = svc;
  return { services };
}

// ---------------------------------------------------------------------------------------------
// Writing and linting

/** YAML text of plain data; a value used twice is written twice, not as an anchor and an alias. */
function yamlText(data: unknown): string {
  return new Document(data, { aliasDuplicateObjects: false }).toString();
}

function overrideText(p: Project): string {
  const doc = new Document({ services: p.override }, { aliasDuplicateObjects: false });
  for (const [name, tags] of Object.entries(p.tags)) {
    const svc = doc.getIn(['services', name], true) as YAMLMap;
    for (const t of tags) {
      const pair = svc.items.find((i) => (i.key as { value?: unknown }).value === t.key) as Pair<Node, Node | null>;
      if (t.tag === '!reset') pair.value = doc.createNode(null);
      (pair.value as Node).tag = t.tag;
    }
  }
  return doc.toString();
}

function files(p: Project): Record<string, string> {
  const base: Record<string, Value> = { services: p.base as Value };
  if (p.included) base.include = ['inc/compose.yaml'];
  const out: Record<string, string> = { 'compose.yaml': yamlText(base), 'common.yaml': yamlText({ services: p.common }) };
  if (p.override) out['compose.override.yaml'] = overrideText(p);
  if (p.included) out['inc/compose.yaml'] = yamlText({ services: p.included });
  return out;
}

/** Rules whose findings compare services with each other: an included file is its own project for them. */
const CROSS_SERVICE = new Set(['DC027', 'DC043']);

/** Each finding as rule, service and kind: what a reviewer acts on, wherever it is shown. */
function kinds(results: { result: LintResult<unknown>; included: boolean }[]): string[] {
  const out: string[] = [];
  for (const { result, included } of results) {
    for (const f of result.findings) {
      if (included && CROSS_SERVICE.has(f.code)) continue;
      out.push(`${f.code} ${String(f.report?.data?.service ?? '-')} ${f.report?.messageId}`);
    }
  }
  return out.sort();
}

function check(p: Project): void {
  const written = files(p);
  const view = memoryFiles(written);
  const split = ['compose.yaml', 'compose.override.yaml', 'inc/compose.yaml']
    .filter((name) => written[name] !== undefined)
    .map((name) => ({ result: lintText(`/project/${name}`, written[name], 'compose', { files: view }), included: name.startsWith('inc/') }));
  for (const { result } of split) assert.deepEqual(result.errors, []);
  const single = yamlText(merged(p));
  const includedNames = new Set(Object.keys(p.included ?? {}));
  const whole = lintText('/merged/compose.yaml', single, 'compose');
  const wholeKinds = kinds([{ result: whole, included: false }]).filter((k) => {
    const [code, service] = k.split(' ');
    return !(CROSS_SERVICE.has(code) && includedNames.has(service));
  });
  assert.deepEqual(
    kinds(split),
    wholeKinds,
    `split project:\n${Object.entries(written)
      .map(([n, t]) => `--- ${n}\n${t}`)
      .join('')}--- merged\n${single}`,
  );
}

describe('the split project and the file docker compose config prints for it', () => {
  it('give every rule the same findings (generated projects)', { timeout: 120_000 }, () => {
    fc.assert(fc.property(project, check), { numRuns: Number(process.env.DIFFERENTIAL_RUNS ?? 150), seed: Number(process.env.DIFFERENTIAL_SEED ?? 4242) });
  });

  it('on a hand-written project: override, !reset, extends from another file and include', () => {
    check({
      base: {
        web: { image: 'nginx:latest', privileged: true, ports: ['8080:80'], extends: { file: 'common.yaml', service: 'base' } },
        db: { image: 'postgres', ports: ['5432:5432'] },
      },
      common: { base: { cap_add: ['SYS_ADMIN'], user: 'root' }, hardened: {} },
      override: { web: { privileged: false, ports: ['127.0.0.1:8080:80'], cap_add: null }, db: { environment: { DB_PASSWORD: 'hunter2hunter2' } } },
      tags: { web: [{ tag: '!reset', key: 'cap_add' }] },
      included: { cache: { image: 'redis:7', network_mode: 'host' } },
    });
  });
});
