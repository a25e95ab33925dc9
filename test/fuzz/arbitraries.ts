/**
 * fast-check arbitraries for the fuzzers: random Dockerfile instruction sequences, random Compose
 * files and random YAML (anchors, merges, tags incl. `!reset`/`!override`, flow and block styles,
 * multi-document), structural mutations of real files (line deletions and duplications, truncation,
 * unbalanced quotes and heredocs, stray continuations) and odd encodings (CRLF, lone CR, BOM, NUL,
 * invalid UTF-8 read as U+FFFD, lone surrogates, tabs, Unicode line separators).
 *
 * Mutations are generated as data and applied by a plain function, so a failing case shrinks to a
 * short list of edits of a seed file.
 */
import fc from 'fast-check';
import type { LanguageId } from '../../rules/api.js';
import { type Seed, corpus, seedsOf } from './corpus.js';

export interface FuzzInput {
  language: LanguageId;
  path: string;
  text: string;
  /** Other files of the project (relative names → text), for cross-file rules. */
  files?: Record<string, string>;
  /** How the input was made, for failure reports. */
  origin?: string;
}

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

// ---------------------------------------------------------------------------------------------
// Dockerfiles
// ---------------------------------------------------------------------------------------------

const HEX64 = 'a'.repeat(16) + '0123456789abcdef'.repeat(3);

const IMAGES = [
  'alpine',
  'alpine:3.20',
  'node:20',
  'node:20-bookworm-slim',
  'ubuntu:latest',
  'debian:9',
  'python:2.7',
  'gcr.io/distroless/static:nonroot',
  'scratch',
  'build',
  'base',
  '$BASE',
  '${BASE}',
  '${IMG:-alpine:3.20}',
  `alpine@sha256:${HEX64}`,
  `registry.local:5000/team/app:1.0@sha256:${HEX64}`,
  'localhost:5000/x',
  'Node:UPPER',
  ':::',
  '@sha256:',
  'ghcr.io/org/img:tag',
  'docker.io/library/redis',
  'mcr.microsoft.com/dotnet/sdk:8.0',
  'registry:5000/a/b/c/d:e',
  'busybox:1.36-musl',
  '"quoted:1"',
  'a/b:c@d',
];

const SHELL_COMMANDS = [
  'apt-get update',
  'apt-get install -y curl',
  'apt-get install -y --no-install-recommends ca-certificates=1.2',
  'apt-get -y upgrade',
  'apk add --no-cache curl',
  'apk add openssh',
  'yum install -y sudo',
  'dnf install -y gcc make',
  'pip install flask',
  'pip install --trusted-host pypi.org -r requirements.txt',
  'npm install -g yarn',
  'npm ci',
  'npm config set strict-ssl false',
  'gem install rails',
  'go install example.com/x@latest',
  'curl -fsSL https://get.example.com | sh',
  'curl -k https://example.com/a.tgz -o /tmp/a.tgz',
  'wget http://example.com/a.tgz',
  'wget -qO- https://x.io/i.sh | bash',
  'wget --no-check-certificate https://x.io/bin',
  'chmod 777 /app',
  'chmod -R a+w /data',
  'chmod u+s /usr/bin/x',
  'chmod 4755 /bin/tool',
  'chown -R app:app /app',
  'sudo apt-get install vim',
  'su - app -c id',
  'useradd -u 1000 app',
  'adduser -D app',
  'echo $SECRET > /tmp/s',
  'echo "password=hunter2" >> /etc/conf',
  'export GITHUB_TOKEN=ghp_x',
  'git clone git@github.com:org/repo.git',
  'git clone http://github.com/org/repo',
  'ssh-keyscan github.com >> ~/.ssh/known_hosts',
  'GIT_SSL_NO_VERIFY=1 git clone https://x',
  'rm -rf /var/lib/apt/lists/*',
  'rm -f /root/.npmrc',
  'cd /tmp',
  'sh -c \'echo "hi"\'',
  'bash -c "set -e; make"',
  'set -o pipefail',
  'make && make install',
  'tar xzf /tmp/a.tgz -C /opt',
  'sha256sum -c a.sha256',
  'docker login -u x -p y',
  'aws configure set aws_secret_access_key abc',
  'npm login',
  'systemctl enable sshd',
  'service ssh start',
  'mkdir -p /var/run/sshd',
  'ln -s /a /b',
  'true',
  'false',
  ':',
  "echo 'unterminated",
  'echo "unterminated',
  'echo `date`',
  'echo $(id -u)',
  'x=$((1+2))',
  'for i in 1 2; do echo $i; done',
  'if [ -f x ]; then rm x; fi',
  'cat <<EOF > /etc/x',
  'env',
  'env A=1 sudo -E make',
  '\\',
  '&&',
  '|',
  ';;',
  '$(',
  '${',
];

const RUN_FLAGS = [
  '--mount=type=secret,id=npm,target=/root/.npmrc',
  '--mount=type=secret,id=tok,env=TOKEN',
  '--mount=type=cache,target=/var/cache/apt',
  '--mount=type=bind,source=.,target=/src',
  '--mount=type=ssh',
  '--mount=type=tmpfs,target=/tmp',
  '--network=host',
  '--network=none',
  '--security=insecure',
  '--mount=',
  '--mount=type=secret,',
  '--mount=type=',
  '--mount',
  '--',
  '--network',
  '--mount=type=secret,id=',
  '--mount=type=bind,rw',
  '--device=/dev/kvm',
];

const COPY_FLAGS = [
  '--from=build',
  '--from=0',
  '--from=alpine:3.20',
  '--chown=1000:1000',
  '--chown=app',
  '--chmod=777',
  '--chmod=0755',
  '--link',
  '--parents',
  '--exclude=*.md',
  '--checksum=sha256:abc',
  `--checksum=sha256:${HEX64}`,
  '--keep-git-dir=true',
  '--',
];

const SOURCES = [
  '.',
  './',
  'src/',
  'package*.json',
  '.env',
  'id_rsa',
  '.ssh/',
  '.git',
  '.npmrc',
  'secrets/prod.key',
  'https://example.com/a.tgz',
  'http://x.io/f',
  'git@github.com:a/b.git',
  'https://github.com/a/b.git#v1',
  '/',
  '*',
  '["a", "b"]',
  '$SRC',
  'C:\\path',
];
const DESTS = ['/app/', '.', '/root/.ssh/', '/usr/local/bin/', '/', '/etc/', 'dir', '$DEST'];

const ENV_NAMES = [
  'A',
  'PATH',
  'NODE_ENV',
  'PASSWORD',
  'DB_PASSWORD',
  'NPM_TOKEN',
  'AWS_SECRET_ACCESS_KEY',
  'API_KEY',
  'GITHUB_TOKEN',
  'NODE_TLS_REJECT_UNAUTHORIZED',
  'PYTHONHTTPSVERIFY',
  'GIT_SSL_NO_VERIFY',
  'SECRET_KEY_BASE',
  'BASE',
  'USER',
  'PORT',
  'PUBLIC_KEY',
  'TOKEN_TTL',
  '1BAD',
  'x-y',
  '',
];
const ENV_VALUES = [
  '1',
  '0',
  'production',
  'hunter2',
  'changeme',
  '"two words"',
  "'single'",
  '$PATH:/x',
  '${A:-b}',
  '',
  'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB',
  'AKIAIOSFODNN7EXAMPLE',
  '/run/secrets/x',
  'false',
  '"unterminated',
  '\\',
  '=',
  '"a\\"b"',
];

const USERS = ['root', '0', '0:0', 'app', '1000', '1000:1000', 'app:app', '$USER', '${UID}', 'root:root', 'nobody', ''];
const PORTS = ['22', '80', '80/tcp', '53/udp', '2375', '3000-3005', '127.0.0.1:80:80', '$PORT', 'abc', '65536', '0', '22/tcp 80'];
const COMMENTS = [
  '# a comment',
  '# bosun-ignore DF001',
  '# bosun-ignore DF001 -- why',
  '# bosun-ignore',
  '# bosun-ignore-file',
  '# bosun-ignore-file DF002',
  '# hadolint ignore=DL3008,DL3009',
  '# trivy:ignore:DS002',
  '# checkov:skip=CKV_DOCKER_3:reason',
  '#',
  '#!/bin/sh',
  '# syntax=docker/dockerfile:1',
];
const DIRECTIVES = ['# syntax=docker/dockerfile:1', '# escape=`', '# escape=\\', '# check=skip=all', '# check=error=true', '#syntax=docker/dockerfile:1.4', '# escape=x'];

/** A shell command line: commands joined with &&, ||, ;, | and line continuations. */
const shellScript = fc
  .array(fc.tuple(pick(SHELL_COMMANDS), pick([' && ', ' || ', '; ', ' | ', ' \\\n    ', ' && \\\n    ', ' \\\n# comment in a continuation\n    ', ' ', '\\\n'])), {
    minLength: 1,
    maxLength: 5,
  })
  .map((parts) => parts.map(([c, j], i) => (i < parts.length - 1 ? c + j : c)).join(''));

const heredocName = pick(['EOF', 'EOT', '"EOF"', "'END'", '-EOF', 'eof', 'E-O-F']);

/** `<<EOF` with a body, sometimes never terminated, sometimes two at once. */
const heredoc = fc
  .tuple(
    heredocName,
    fc.array(pick([...SHELL_COMMANDS, 'line', '\tindented', '', 'EOF ', ' EOF']), { maxLength: 4 }),
    fc.boolean(),
    pick(['', ' bash', ' python3', ' > /x', ' cat', ' <<TWO']),
  )
  .map(([name, body, terminated, after]) => {
    const bare = name.replace(/^-/, '').replace(/["']/g, '');
    return `<<${name}${after}\n${body.join('\n')}${terminated ? `\n${bare}` : ''}`;
  });

const jsonArray = fc
  .array(pick(['"sh"', '"-c"', '"node"', '"server.js"', '"/bin/bash"', '"-o"', '"pipefail"', "'single'", '"unterminated', '"a\\"b"', '"\\u0000"', '1', 'null']), { maxLength: 4 })
  .chain((items) => pick([`[${items.join(', ')}]`, `[${items.join(' ')}]`, `[${items.join(', ')}`, `${items.join(', ')}]`]));

const flags = (choices: readonly string[]) => fc.array(pick(choices), { maxLength: 3 }).map((f) => f.map((x) => `${x} `).join(''));

const instruction: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        pick(['', '--platform=linux/amd64 ', '--platform=$BUILDPLATFORM ', '--platform= ']),
        pick(IMAGES),
        pick(['', ' AS build', ' as base', ' AS', ' AS 1bad', ' AS final extra']),
      )
      .map(([p, i, a]) => `FROM ${p}${i}${a}`),
  },
  { weight: 6, arbitrary: fc.tuple(flags(RUN_FLAGS), fc.oneof(shellScript, shellScript, heredoc, jsonArray)).map(([f, s]) => `RUN ${f}${s}`) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(pick(['COPY', 'ADD']), flags(COPY_FLAGS), fc.array(pick(SOURCES), { minLength: 0, maxLength: 3 }), pick(DESTS))
      .map(([k, f, s, d]) => `${k} ${f}${s.join(' ')} ${d}`),
  },
  { weight: 1, arbitrary: fc.tuple(pick(['COPY', 'ADD']), flags(COPY_FLAGS), heredoc).map(([k, f, h]) => `${k} ${f}${h.replace('\n', ' /app/x\n')}`) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(pick(['ENV', 'ARG']), fc.array(fc.tuple(pick(ENV_NAMES), pick(['=', ' ', '', '= ']), pick(ENV_VALUES)), { minLength: 1, maxLength: 3 }))
      .map(([k, kv]) => `${k} ${kv.map(([n, s, v]) => `${n}${s}${v}`).join(' ')}`),
  },
  { weight: 2, arbitrary: pick(USERS).map((u) => `USER ${u}`) },
  { weight: 1, arbitrary: fc.array(pick(PORTS), { minLength: 0, maxLength: 3 }).map((p) => `EXPOSE ${p.join(' ')}`) },
  { weight: 1, arbitrary: pick(['/app', '/', '/usr/bin', '/root', 'relative', '$HOME/x', '/proc', 'C:\\app']).map((w) => `WORKDIR ${w}`) },
  { weight: 2, arbitrary: fc.tuple(pick(['CMD', 'ENTRYPOINT', 'SHELL']), fc.oneof(jsonArray, shellScript)).map(([k, v]) => `${k} ${v}`) },
  {
    weight: 1,
    arbitrary: fc.tuple(pick(['NONE', 'CMD', '--interval=30s CMD', '--interval=', 'CMD-SHELL']), fc.oneof(shellScript, jsonArray)).map(([h, c]) => `HEALTHCHECK ${h} ${c}`),
  },
  {
    weight: 1,
    arbitrary: pick([
      'LABEL a=b',
      'LABEL "x y"="z"',
      'LABEL',
      'MAINTAINER me',
      'STOPSIGNAL SIGTERM',
      'VOLUME /var/run/docker.sock',
      'VOLUME ["/data"]',
      'VOLUME /var/lib/docker',
      'ONBUILD RUN sudo make',
      'ONBUILD USER root',
      'ONBUILD',
      'ONBUILD ONBUILD RUN x',
      'FOO bar',
      'from alpine',
      'run apt-get install curl',
      'user root',
      'Run echo',
      'ENV',
      'ARG',
      'RUN',
      'COPY',
      'FROM',
      'USER',
      'EXPOSE',
      '   RUN   spaced',
      '\tRUN tabbed',
    ]),
  },
  { weight: 2, arbitrary: pick(COMMENTS) },
  { weight: 1, arbitrary: pick(['', ' ', '\t', '\\', ' \\']) },
);

/** A Dockerfile made of random instructions, often starting with directives and a FROM. */
export const dockerfileText: fc.Arbitrary<string> = fc
  .tuple(fc.array(pick(DIRECTIVES), { maxLength: 2 }), fc.boolean(), pick(IMAGES), fc.array(instruction, { minLength: 0, maxLength: 20 }), pick(['\n', '\n', '\n', '\r\n', '']))
  .map(([dirs, from, image, body, end]) => [...dirs, ...(from ? [`FROM ${image}`] : []), ...body].join('\n') + end);

// ---------------------------------------------------------------------------------------------
// YAML and Compose
// ---------------------------------------------------------------------------------------------

/** A YAML node as data; `emit` writes it in one of YAML's many styles. */
type YNode =
  | { k: 'scalar'; text: string; style: 'plain' | 'single' | 'double' | 'literal' | 'folded'; anchor?: string; tag?: string }
  | { k: 'map'; entries: [string, YNode][]; flow: boolean; anchor?: string; tag?: string }
  | { k: 'seq'; items: YNode[]; flow: boolean; anchor?: string; tag?: string }
  | { k: 'alias'; name: string }
  | { k: 'merge'; names: string[] };

function quote(text: string, style: 'single' | 'double'): string {
  if (style === 'single') return `'${text.replace(/'/g, "''")}'`;
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function props(n: { anchor?: string; tag?: string }): string {
  return [n.tag, n.anchor ? `&${n.anchor}` : undefined].filter(Boolean).join(' ');
}

function inline(n: YNode): string {
  switch (n.k) {
    case 'alias':
      return `*${n.name}`;
    case 'merge':
      return n.names.length === 1 ? `*${n.names[0]}` : `[${n.names.map((x) => `*${x}`).join(', ')}]`;
    case 'scalar': {
      const p = props(n);
      const body = n.style === 'single' || n.style === 'double' ? quote(n.text, n.style) : n.style === 'plain' ? n.text : quote(n.text, 'double');
      return p ? `${p} ${body}` : body;
    }
    case 'map': {
      const p = props(n);
      const body = `{${n.entries.map(([k, v]) => (v.k === 'merge' ? `<<: ${inline(v)}` : `${k}: ${inline(v)}`)).join(', ')}}`;
      return p ? `${p} ${body}` : body;
    }
    case 'seq': {
      const p = props(n);
      const body = `[${n.items.map(inline).join(', ')}]`;
      return p ? `${p} ${body}` : body;
    }
  }
}

/** The node after `key:` or `- ` at `indent`: inline, or a block on the following lines. */
function emitValue(n: YNode, indent: number): string {
  const pad = ' '.repeat(indent);
  if (n.k === 'scalar' && (n.style === 'literal' || n.style === 'folded')) {
    const p = props(n);
    return ` ${p ? `${p} ` : ''}${n.style === 'literal' ? '|' : '>'}\n${n.text
      .split('\n')
      .map((l) => `${pad}  ${l}`)
      .join('\n')}`;
  }
  if (n.k === 'map' && !n.flow && n.entries.length) {
    const p = props(n);
    return `${p ? ` ${p}` : ''}\n${emitMap(n, indent + 2)}`;
  }
  if (n.k === 'seq' && !n.flow && n.items.length) {
    const p = props(n);
    return `${p ? ` ${p}` : ''}\n${n.items.map((item) => `${pad}  -${emitValue(item, indent + 2)}`).join('\n')}`;
  }
  return ` ${inline(n)}`;
}

function emitMap(n: Extract<YNode, { k: 'map' }>, indent: number): string {
  const pad = ' '.repeat(indent);
  return n.entries.map(([k, v]) => `${pad}${v.k === 'merge' ? '<<' : k}:${emitValue(v, indent)}`).join('\n');
}

function emitDocument(n: YNode): string {
  if (n.k === 'map' && !n.flow) return emitMap(n, 0);
  return inline(n).trimStart();
}

const ANCHORS = ['a', 'b', 'base', 'default', 'x'];
const anchor = fc.option(pick(ANCHORS), { freq: 5, nil: undefined });
const tag = fc.option(pick(['!reset', '!override', '!!str', '!!int', '!!map', '!!seq', '!!binary', '!custom', '!<tag:yaml.org,2002:str>', '!!merge']), { freq: 8, nil: undefined });
const scalarText = fc.oneof(
  {
    weight: 5,
    arbitrary: pick([
      'true',
      'false',
      'yes',
      'no',
      'on',
      'null',
      '~',
      '0',
      '1',
      '0o777',
      '0x1F',
      '1e3',
      '.inf',
      '-1',
      '1000:1000',
      'host',
      'root',
      'ALL',
      '80:80',
      '/var/run/docker.sock:/var/run/docker.sock',
      '${VAR}',
      '${VAR:-x}',
      '$$',
      'a b',
      '',
      '- x',
      '? y',
      '#no',
      'a: b',
      "it's",
      'line1\nline2',
      '@x',
      '`x`',
      '%x',
      '!x',
      '&x',
      '*x',
      '|',
      '>',
    ]),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);
const scalar = fc.record({
  k: fc.constant('scalar' as const),
  text: scalarText,
  style: pick(['plain', 'plain', 'plain', 'single', 'double', 'literal', 'folded'] as const),
  anchor,
  tag,
});

const { node: yamlNode } = fc.letrec<{ node: YNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: scalar },
    {
      weight: 2,
      arbitrary: fc.record({
        k: fc.constant('map' as const),
        entries: fc.array(
          fc.tuple(
            fc.oneof(pick(['a', 'b', 'services', 'image', 'ports', 'x-base', '"q"', '? k', '<<', 'web', 'key with space', '1', 'null']), fc.string({ maxLength: 4 })),
            tie('node'),
          ),
          { maxLength: 4 },
        ),
        flow: fc.boolean(),
        anchor,
        tag,
      }),
    },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('seq' as const), items: fc.array(tie('node'), { maxLength: 4 }), flow: fc.boolean(), anchor, tag }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('alias' as const), name: pick(ANCHORS) }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('merge' as const), names: fc.array(pick(ANCHORS), { minLength: 1, maxLength: 2 }) }) },
  ),
}));

/** Random YAML: any shape, anchors and aliases (also to undefined anchors), tags, several documents. */
export const randomYaml: fc.Arbitrary<string> = fc
  .tuple(fc.array(yamlNode, { minLength: 1, maxLength: 3 }), pick(['', '%YAML 1.2\n---\n', '---\n', '%TAG ! tag:x,2000:\n---\n']), pick(['\n---\n', '\n...\n---\n', '\n--- ']))
  .map(([docs, head, sep]) => `${head + docs.map(emitDocument).join(sep)}\n`);

const s = (text: string, style: 'plain' | 'single' | 'double' = 'plain', extra: { anchor?: string; tag?: string } = {}): YNode => ({ k: 'scalar', text, style, ...extra });
const seq = (items: YNode[], flow = false): YNode => ({ k: 'seq', items, flow });
const map = (entries: [string, YNode][], flow = false): YNode => ({ k: 'map', entries, flow });

const styled = (values: readonly string[]) =>
  fc.tuple(pick(values), pick(['plain', 'plain', 'single', 'double'] as const), anchor, tag).map(([v, st, a, t]) => s(v, st, { anchor: a, tag: t }));
const listOf = (values: readonly string[]) =>
  fc.tuple(fc.array(styled(values), { maxLength: 4 }), fc.boolean(), anchor, tag).map(([items, flow, a, t]) => ({ ...seq(items, flow), anchor: a, tag: t }) as YNode);
const mapOf = (keys: readonly string[], value: fc.Arbitrary<YNode>) =>
  fc
    .tuple(fc.array(fc.tuple(pick(keys), value), { maxLength: 4 }), fc.boolean(), anchor, tag)
    .map(([entries, flow, a, t]) => ({ ...map(entries, flow), anchor: a, tag: t }) as YNode);

const PORT_VALUES = [
  '80:80',
  '127.0.0.1:8080:80',
  '0.0.0.0:2375:2375',
  '22:22',
  '5432',
  '8000-8010:8000-8010',
  '[::1]:80:80',
  '::80',
  '${PORT}:80',
  '80:80/udp',
  '1:2:3:4',
  'x',
  '',
  '3306:3306',
];
const VOLUME_VALUES = [
  '/var/run/docker.sock:/var/run/docker.sock',
  '/:/host',
  './data:/data:ro',
  '~/.ssh:/root/.ssh',
  'db:/var/lib/db',
  '/etc:/etc:rw',
  '/proc:/host/proc',
  '/run/containerd/containerd.sock:/c.sock:ro',
  '${HOME}/.aws:/root/.aws',
  '/dev:/dev',
  'C:\\x:/x',
  ':',
  '/a:/b:shared',
  '/a:/b:z,rshared',
];
const ENV_KEYS = ['PASSWORD', 'DB_PASSWORD', 'POSTGRES_PASSWORD_FILE', 'API_KEY', 'NODE_ENV', 'AWS_SECRET_ACCESS_KEY', 'TOKEN', 'A', 'DATABASE_URL'];
const ENV_VALS = ['hunter2', 'changeme', '${DB_PASSWORD}', '/run/secrets/db', '', 'postgres://user:pass@db/x', 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB', 'true', '1'];

const serviceValue: Record<string, fc.Arbitrary<YNode>> = {
  image: styled(IMAGES.filter((i) => !i.startsWith('"'))),
  build: fc.oneof(
    styled(['.', './api', '${CTX}', '']),
    mapOf(
      ['context', 'dockerfile', 'args', 'secrets', 'network', 'entitlements', 'privileged', 'dockerfile_inline'],
      fc.oneof(
        styled(['.', 'Dockerfile', 'host', 'true', 'FROM alpine\nUSER root', 'other.Dockerfile']),
        listOf(['NPM_TOKEN=abc', 'security.insecure', 'network.host', 'id_rsa']),
        mapOf(ENV_KEYS, styled(ENV_VALS)),
      ),
    ),
  ),
  ports: fc.oneof(
    listOf(PORT_VALUES),
    fc
      .array(mapOf(['target', 'published', 'host_ip', 'protocol', 'mode'], styled(['80', '8080', '0.0.0.0', '127.0.0.1', 'tcp', 'host', '22', '8000-8010'])), { maxLength: 3 })
      .map((items) => seq(items)),
  ),
  volumes: fc.oneof(
    listOf(VOLUME_VALUES),
    fc
      .array(
        mapOf(
          ['type', 'source', 'target', 'read_only', 'bind'],
          fc.oneof(
            styled(['bind', 'volume', 'tmpfs', '/var/run/docker.sock', '/etc', '/', 'true', 'false']),
            mapOf(['propagation', 'create_host_path'], styled(['shared', 'rshared', 'private', 'true'])),
          ),
        ),
        { maxLength: 3 },
      )
      .map((items) => seq(items)),
  ),
  environment: fc.oneof(mapOf(ENV_KEYS, styled(ENV_VALS)), listOf(['PASSWORD=hunter2', 'A=1', 'API_KEY', 'TOKEN=${TOKEN}', '=x', 'DB_PASSWORD='])),
  env_file: fc.oneof(styled(['.env', 'secrets.env', '']), listOf(['.env', 'prod.env'])),
  privileged: styled(['true', 'false', 'yes', '1', '${PRIV}']),
  network_mode: styled(['host', 'bridge', 'none', 'service:db', 'container:x', '${NET}']),
  pid: styled(['host', 'service:x', '']),
  ipc: styled(['host', 'shareable', 'private']),
  uts: styled(['host']),
  userns_mode: styled(['host']),
  cgroup: styled(['host', 'private']),
  cgroup_parent: styled(['/system', 'm-executor-abcd']),
  cap_add: listOf(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'NET_RAW', 'SYS_PTRACE', 'CAP_SYS_MODULE', 'chown', 'DAC_READ_SEARCH', 'BPF']),
  cap_drop: listOf(['ALL', 'NET_RAW', 'all']),
  security_opt: listOf([
    'no-new-privileges:true',
    'no-new-privileges',
    'no-new-privileges=false',
    'seccomp:unconfined',
    'seccomp=unconfined',
    'apparmor=unconfined',
    'label:disable',
    'label=type:spc_t',
    'systempaths=unconfined',
  ]),
  user: styled(['root', '0', '0:0', '1000:1000', 'app', '${UID}:${GID}', '']),
  read_only: styled(['true', 'false']),
  devices: listOf(['/dev/sda:/dev/sda', '/dev/kmsg', '/dev/mem:/dev/mem:rwm', '/dev/fuse', '/dev/nvme0n1']),
  device_cgroup_rules: listOf(['a *:* rwm', 'c 1:3 mr', 'b *:* rwm']),
  sysctls: fc.oneof(
    mapOf(['net.ipv4.ip_forward', 'kernel.shmmax', 'net.core.somaxconn', 'kernel.core_pattern'], styled(['1', '0', '|/bin/sh'])),
    listOf(['net.ipv4.ip_forward=1', 'kernel.x=1']),
  ),
  tmpfs: fc.oneof(styled(['/tmp', '/run:exec', '/tmp:rw,exec,size=1m']), listOf(['/tmp', '/run:exec,mode=1777'])),
  logging: mapOf(['driver', 'options'], styled(['none', 'json-file', 'syslog'])),
  ulimits: mapOf(['nofile', 'nproc', 'core'], fc.oneof(styled(['65535', '-1', '0']), mapOf(['soft', 'hard'], styled(['1024', '65535', '-1'])))),
  restart: styled(['always', 'unless-stopped', 'on-failure', 'on-failure:5', 'no', '"no"']),
  healthcheck: mapOf(['test', 'disable', 'interval', 'retries'], fc.oneof(styled(['true', '30s', '3', 'NONE']), listOf(['CMD', 'CMD-SHELL', 'curl -f http://localhost', 'NONE']))),
  deploy: mapOf(
    ['resources', 'restart_policy', 'replicas'],
    mapOf(['limits', 'reservations', 'condition', 'max_attempts'], mapOf(['cpus', 'memory', 'pids'], styled(['0.5', '512M', '100', '-1', '0']))),
  ),
  mem_limit: styled(['512m', '0', '-1']),
  cpus: styled(['0.5', '2', '0']),
  pids_limit: styled(['100', '-1', '0']),
  oom_kill_disable: styled(['true', 'false']),
  extends: fc.oneof(styled(['base', 'web']), mapOf(['service', 'file'], styled(['base', 'common.yaml', 'web', 'missing.yml']))),
  depends_on: listOf(['db', 'web', 'api']),
  networks: listOf(['default', 'front', 'back']),
  secrets: listOf(['db_password', 'npm']),
  command: fc.oneof(styled(['sh -c "sleep 1"', 'node server.js']), listOf(['sh', '-c', 'echo'])),
  insecure: styled(['true']),
};
const SERVICE_KEYS = Object.keys(serviceValue);

const serviceEntry: fc.Arbitrary<[string, YNode]> = fc.oneof(
  { weight: 10, arbitrary: pick(SERVICE_KEYS).chain((k) => serviceValue[k].map((v) => [k, v] as [string, YNode])) },
  { weight: 1, arbitrary: fc.array(pick(ANCHORS), { minLength: 1, maxLength: 2 }).map((names) => ['<<', { k: 'merge', names } as YNode] as [string, YNode]) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        pick(SERVICE_KEYS),
        fc.oneof(
          yamlNode,
          pick(ANCHORS).map((name) => ({ k: 'alias', name }) as YNode),
        ),
      )
      .map(([k, v]) => [k, v] as [string, YNode]),
  },
  { weight: 1, arbitrary: fc.tuple(pick(SERVICE_KEYS), pick(['!reset', '!override'])).map(([k, t]) => [k, s('', 'plain', { tag: t })] as [string, YNode]) },
);

const service: fc.Arbitrary<YNode> = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.array(serviceEntry, { maxLength: 8 }), anchor).map(([entries, a]) => ({ k: 'map', entries, flow: false, anchor: a }) as YNode) },
  { weight: 1, arbitrary: pick(ANCHORS).map((name) => ({ k: 'alias', name }) as YNode) },
  { weight: 1, arbitrary: yamlNode },
);

const topLevel: fc.Arbitrary<[string, YNode]> = fc.oneof(
  {
    weight: 1,
    arbitrary: pick(['x-base', 'x-common', 'x-defaults']).chain((k) =>
      fc.tuple(fc.array(serviceEntry, { maxLength: 5 }), pick(ANCHORS)).map(([entries, a]) => [k, { k: 'map', entries, flow: false, anchor: a }] as [string, YNode]),
    ),
  },
  { weight: 1, arbitrary: fc.tuple(pick(['volumes', 'networks', 'secrets', 'configs', 'include', 'name', 'version']), yamlNode).map(([k, v]) => [k, v] as [string, YNode]) },
  { weight: 1, arbitrary: listOf(['other.yaml', 'compose.override.yaml', '../up.yml']).map((v) => ['include', v] as [string, YNode]) },
);

/** A Compose file: services with security-relevant keys in every YAML style, extension fields and merges. */
export const composeText: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(topLevel, { maxLength: 2 }),
    fc.array(fc.tuple(pick(['web', 'db', 'api', 'base', 'worker', '"quoted"', '1', 'a b']), service), { minLength: 0, maxLength: 4 }),
    fc.array(topLevel, { maxLength: 1 }),
    fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 1, arbitrary: randomYaml.map((y) => `---\n${y}`) }),
  )
  .map(([before, services, after, more]) => `${emitDocument(map([...before, ['services', map(services)], ...after]))}\n${more}`);

// ---------------------------------------------------------------------------------------------
// Mutations of real-looking files
// ---------------------------------------------------------------------------------------------

const NASTY = [
  '"',
  "'",
  '`',
  '\\',
  '\\\n',
  '<<EOF',
  '<<-EOT\n',
  '${',
  '$(',
  '{',
  '[',
  ']',
  '}',
  ':',
  '- ',
  '&',
  '*',
  '!',
  '|',
  '>',
  '#',
  '\t',
  '\0',
  '\r',
  '\n',
  '\r\n',
  '\uFEFF',
  '\uFFFD',
  '\uD800',
  '\uDC00',
  '\u2028',
  '\u0085',
  '\u00A0',
  '😀',
  ' ',
  '=',
  ',',
  '--mount=type=secret,',
  'RUN ',
  'FROM ',
  '<<: *',
  '!reset ',
  '!override ',
  '---\n',
  '...\n',
];

export type Mutation =
  | { op: 'deleteLine'; at: number }
  | { op: 'duplicateLine'; at: number }
  | { op: 'swapLines'; at: number }
  | { op: 'truncate'; at: number }
  | { op: 'deleteRange'; at: number; length: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'indent'; at: number; by: number }
  | { op: 'eol'; style: 'crlf' | 'cr' | 'mixed' }
  | { op: 'bom' }
  | { op: 'tabs' }
  | { op: 'corruptUtf8'; at: number; byte: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('deleteLine' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicateLine' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swapLines' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('deleteRange' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  {
    arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(pick(NASTY), pick(SHELL_COMMANDS), fc.string({ maxLength: 4, unit: 'binary' })) }),
    weight: 3,
  },
  fc.record({ op: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ op: fc.constant('eol' as const), style: pick(['crlf', 'cr', 'mixed'] as const) }),
  fc.record({ op: fc.constant('bom' as const) }),
  fc.record({ op: fc.constant('tabs' as const) }),
  fc.record({ op: fc.constant('corruptUtf8' as const), at: fc.nat(), byte: fc.integer({ min: 0x80, max: 0xff }) }),
);

/** Applies one mutation; positions are taken modulo the text's size so every mutation applies. */
export function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const li = lines.length ? ('at' in m ? m.at % lines.length : 0) : 0;
  switch (m.op) {
    case 'deleteLine':
      return lines.filter((_, i) => i !== li).join('\n');
    case 'duplicateLine':
      return [...lines.slice(0, li + 1), lines[li], ...lines.slice(li + 1)].join('\n');
    case 'swapLines': {
      if (li + 1 >= lines.length) return text;
      const out = [...lines];
      [out[li], out[li + 1]] = [out[li + 1], out[li]];
      return out.join('\n');
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'deleteRange': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'indent': {
      const out = [...lines];
      out[li] = m.by >= 0 ? ' '.repeat(m.by) + out[li] : out[li].replace(new RegExp(`^ {0,${-m.by}}`), '');
      return out.join('\n');
    }
    case 'eol':
      if (m.style === 'crlf') return text.replace(/\r?\n/g, '\r\n');
      if (m.style === 'cr') return text.replace(/\r?\n/g, '\r');
      return lines.map((l, i) => l + (i === lines.length - 1 ? '' : ['\n', '\r\n', '\r'][i % 3])).join('');
    case 'bom':
      return `\uFEFF${text}`;
    case 'tabs':
      return text.replace(/^( {2})+/gm, (sp) => '\t'.repeat(sp.length / 2));
    case 'corruptUtf8': {
      // Invalid UTF-8 as an editor reads it: a stray byte decodes to U+FFFD.
      const bytes = Buffer.from(text, 'utf8');
      if (!bytes.length) return Buffer.from([m.byte]).toString('utf8');
      bytes[m.at % bytes.length] = m.byte;
      return bytes.toString('utf8');
    }
  }
}

export function mutateAll(text: string, ms: readonly Mutation[]): string {
  return ms.reduce(mutate, text);
}

const seedIndex = (language?: LanguageId) => {
  const seeds = language ? seedsOf(language) : corpus();
  return fc.nat({ max: seeds.length - 1 }).map((i) => seeds[i]);
};

const PATHS: Record<LanguageId, string[]> = {
  dockerfile: ['/project/Dockerfile', '/project/build/Containerfile', '/project/app.Dockerfile'],
  compose: ['/project/compose.yaml', '/project/docker-compose.yml', '/project/compose.override.yaml'],
};

/** Companion files that cross-file rules read (a Dockerfile a service builds, ignore files, `.env`, an override file). */
export const projectFiles: fc.Arbitrary<Record<string, string> | undefined> = fc.option(
  fc
    .tuple(
      fc.option(dockerfileText, { nil: undefined }),
      fc.option(pick(['.git\n', 'node_modules\n*.key\n', '!.env\n*\n', '', '**/.env\n.ssh/', '[']), { nil: undefined }),
      fc.option(pick(['A=1\nPASSWORD=x\n', 'TOKEN=${A}\n', 'broken line\n', '']), { nil: undefined }),
      fc.option(composeText, { nil: undefined }),
      fc.boolean(),
    )
    .map(([df, ignore, env, other, git]) => {
      const files: Record<string, string> = {};
      if (df !== undefined) files.Dockerfile = df;
      if (ignore !== undefined) files['.dockerignore'] = ignore;
      if (env !== undefined) files['.env'] = env;
      if (other !== undefined) files['compose.override.yaml'] = other;
      if (git) files['.git/'] = '';
      return files;
    }),
  { freq: 3, nil: undefined },
);

const asInput = (language: LanguageId, origin: string) => (text: string) =>
  fc.tuple(pick(PATHS[language]), projectFiles).map(([path, files]): FuzzInput => ({ language, path, text, files, origin }));

/** A generated Dockerfile, sometimes mutated. */
export const generatedDockerfile = fc
  .tuple(dockerfileText, fc.array(mutation, { maxLength: 2 }))
  .map(([t, ms]) => mutateAll(t, ms))
  .chain(asInput('dockerfile', 'generated Dockerfile'));
/** A generated Compose file, sometimes mutated. */
export const generatedCompose = fc
  .tuple(composeText, fc.array(mutation, { maxLength: 2 }))
  .map(([t, ms]) => mutateAll(t, ms))
  .chain(asInput('compose', 'generated compose'));
/** Random YAML linted as a Compose file. */
export const generatedYaml = randomYaml.chain(asInput('compose', 'random YAML'));

/** A corpus file with random structural and encoding mutations. */
export const mutatedSeed = (language?: LanguageId): fc.Arbitrary<FuzzInput> =>
  fc
    .tuple(seedIndex(language), fc.array(mutation, { minLength: 1, maxLength: 5 }))
    .chain(([seed, ms]: [Seed, Mutation[]]) => asInput(seed.language, `${seed.origin} mutated`)(mutateAll(seed.text, ms)));

/** A prefix of a corpus file, as if typed character by character up to there. */
export const seedPrefix = (language?: LanguageId): fc.Arbitrary<FuzzInput> =>
  fc.tuple(seedIndex(language), fc.nat()).chain(([seed, n]: [Seed, number]) => asInput(seed.language, `${seed.origin} prefix`)(seed.text.slice(0, n % (seed.text.length + 1))));

/** Everything, weighted towards real-looking files. */
export const anyInput: fc.Arbitrary<FuzzInput> = fc.oneof(
  { weight: 3, arbitrary: generatedDockerfile },
  { weight: 3, arbitrary: generatedCompose },
  { weight: 1, arbitrary: generatedYaml },
  { weight: 3, arbitrary: mutatedSeed() },
  { weight: 2, arbitrary: seedPrefix() },
);
