import { defineRule, message } from '../languages/define-rule.js';
import type { Span } from '../engine/types.js';
import { isSecretName } from '../knowledge/secrets.js';
import { isUnder, resolveImagePath } from '../languages/image-paths.js';
import { type MountInfo, secretMountsOf, volatileTargetsOf } from '../languages/run-mounts.js';
import { argumentWords, commandName, commandsNamed, parseArgs, type RunShell, runShells, scriptTextsMayMatch, type ShellCommand } from '../languages/shell.js';

/**
 * Commands that store a credential in a file of the layer, with where (relative to the home
 * folder) and the commands that undo it. `needsMount`: only reported when the RUN has a secret
 * mount (without one, DF037 reports these logins).
 */
interface Store {
  match: (args: string[]) => boolean;
  /** Relative to the home folder; to the WORKDIR when written `./…`; absolute when written `/…`. */
  files: string[];
  undo: (name: string, args: string[]) => boolean;
  needsMount?: boolean;
  what: string;
}

const sub =
  (...words: string[]) =>
  (args: string[]) =>
    words.every((w, i) => args[i] === w);

const STORES: Record<string, Store[]> = {
  npm: [{ match: sub('config', 'set'), files: ['.npmrc', './.npmrc'], undo: (n, a) => n === 'npm' && (sub('config', 'delete')(a) || a[0] === 'logout'), what: '~/.npmrc' }],
  pnpm: [{ match: sub('config', 'set'), files: ['.npmrc', './.npmrc', '.config/pnpm'], undo: (n, a) => n === 'pnpm' && sub('config', 'delete')(a), what: '~/.npmrc' }],
  yarn: [
    {
      match: sub('config', 'set'),
      files: ['.yarnrc.yml', '.yarnrc', './.yarnrc.yml'],
      undo: (n, a) => n === 'yarn' && (sub('config', 'unset')(a) || sub('config', 'delete')(a)),
      what: 'the yarn config',
    },
  ],
  pip: [{ match: sub('config', 'set'), files: ['.config/pip', '.pip', '/etc/pip.conf'], undo: (n, a) => n.startsWith('pip') && sub('config', 'unset')(a), what: 'pip.conf' }],
  poetry: [
    { match: (a) => a[0] === 'config' && !a.includes('--unset'), files: ['.config/pypoetry'], undo: (n, a) => n === 'poetry' && a.includes('--unset'), what: 'Poetry’s auth.toml' },
  ],
  composer: [
    {
      match: (a) => a.includes('config') && !a.includes('--unset'),
      files: ['.composer', '.config/composer', './auth.json'],
      undo: (n, a) => n === 'composer' && a.includes('--unset'),
      what: 'Composer’s auth.json',
    },
  ],
  bundle: [
    { match: (a) => a[0] === 'config' && a[1] !== 'unset', files: ['.bundle', './.bundle'], undo: (n, a) => n === 'bundle' && sub('config', 'unset')(a), what: 'Bundler’s config' },
  ],
  docker: [{ match: sub('login'), files: ['.docker'], undo: (n, a) => n === 'docker' && a[0] === 'logout', needsMount: true, what: '~/.docker/config.json' }],
  helm: [
    { match: sub('registry', 'login'), files: ['.config/helm'], undo: (n, a) => n === 'helm' && sub('registry', 'logout')(a), needsMount: true, what: 'Helm’s registry config' },
    { match: sub('repo', 'add'), files: ['.config/helm'], undo: (n, a) => n === 'helm' && sub('repo', 'remove')(a), what: 'Helm’s repositories.yaml' },
  ],
  aws: [{ match: sub('configure', 'set'), files: ['.aws'], undo: () => false, needsMount: true, what: '~/.aws/credentials' }],
  gcloud: [{ match: sub('auth'), files: ['.config/gcloud'], undo: (n, a) => n === 'gcloud' && sub('auth', 'revoke')(a), needsMount: true, what: '~/.config/gcloud' }],
  az: [{ match: sub('login'), files: ['.azure'], undo: (n, a) => n === 'az' && a[0] === 'logout', needsMount: true, what: '~/.azure' }],
  doctl: [{ match: sub('auth', 'init'), files: ['.config/doctl'], undo: (n, a) => n === 'doctl' && sub('auth', 'remove')(a), needsMount: true, what: 'doctl’s config' }],
  gh: [{ match: sub('auth', 'login'), files: ['.config/gh'], undo: (n, a) => n === 'gh' && sub('auth', 'logout')(a), needsMount: true, what: 'gh’s hosts.yml' }],
  dotnet: [{ match: (a) => a[0] === 'nuget' && a.includes('--password'), files: ['.nuget'], undo: () => false, what: 'NuGet.Config' }],
  nuget: [{ match: (a) => a[0] === 'sources' && a.some((x) => /^-password$/i.test(x)), files: ['.nuget', '.config/NuGet'], undo: () => false, what: 'NuGet.Config' }],
};

interface Secrets {
  paths: string[];
  vars: Set<string>;
  /** Variables this RUN sets only to text written in the Dockerfile (`key=ABC`, `for key in A B`): no build secret. */
  literal: Set<string>;
  mounted: boolean;
}

/** `$NAME`, `${NAME}`, `${NAME:-x}` in a word. */
function varsIn(text: string): string[] {
  const out: string[] = [];
  const re = /\$\{?([A-Za-z_]\w*)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1]);
  return out;
}

/** Commands whose operands are assignments (`export NAME=value`). */
const DECLARERS = new Set(['export', 'local', 'declare', 'readonly', 'typeset']);
const ASSIGNMENT = /^([A-Za-z_]\w*)=(.*)$/s;

/** `NAME=value` words (assignments, `export NAME=value`) and `for NAME in values` loops: what each variable is set to. */
function assignments(run: RunShell): Map<string, string[]> {
  const values = new Map<string, string[]>();
  const add = (name: string, value: string) => {
    const list = values.get(name);
    if (list) list.push(value);
    else values.set(name, [value]);
  };
  // Indexed: once per command of the RUN (tens of thousands in a generated one), and each step of a
  // for-of allocates until the loop is optimized.
  const all = run.all;
  for (let c = 0; c < all.length; c++) {
    const cmd = all[c];
    if (cmd.kind === 'for') {
      const [variable, ...list] = cmd.words.filter((w) => !w.redirect);
      if (variable) for (const v of list.length ? list : [{ value: '$@' }]) add(variable.value, v.value);
      continue;
    }
    const cn = commandName(cmd);
    const count = cn && !DECLARERS.has(cn.name) ? cn.index : cmd.words.length;
    for (let i = 0; i < count; i++) {
      const m = ASSIGNMENT.exec(cmd.words[i].value);
      if (m) add(m[1], m[2]);
    }
  }
  return values;
}

/** Where the RUN's secret mounts put their files. */
function secretPaths(mounts: readonly MountInfo[]): string[] {
  const paths = mounts.map((m) => m.target).filter((t): t is string => !!t);
  if (mounts.length) paths.push('/run/secrets/');
  return paths;
}

/**
 * Whether a command of the RUN may read a secret at all: only through a word holding a `$` or a
 * mounted secret's path (usesSecret, readsSecretFile), or as gpg (writesSecretMaterial). Most RUNs
 * have none: one search of their texts instead of a pass over every command and word.
 */
function mayReadSecret(run: RunShell, paths: readonly string[]): boolean {
  return scriptTextsMayMatch(run, '$') || paths.some((p) => scriptTextsMayMatch(run, p)) || commandsNamed(run.all, 'gpg').length > 0;
}

function secretsOf(run: RunShell, mounts: readonly MountInfo[], paths: string[]): Secrets {
  const vars = new Set(mounts.map((m) => m.env).filter((e): e is string => !!e));
  const literal = new Set<string>();
  for (const [name, values] of assignments(run)) {
    // `TOKEN=$(cat /run/secrets/npm)`, `export TOKEN="$(< /run/secrets/npm)"`: the variable holds the secret.
    if (values.some((v) => paths.some((p) => v.includes(p)))) vars.add(name);
    else if (!vars.has(name) && values.every((v) => !v.includes('$') && !v.includes('`'))) literal.add(name);
  }
  return { paths, vars, literal, mounted: mounts.length > 0 };
}

/** `gpg --export-secret-keys`: the output is secret, whatever the input. */
function writesSecretMaterial(cmd: ShellCommand): boolean {
  const cn = commandName(cmd);
  return cn?.name === 'gpg' && argumentWords(cmd).some((w) => /^--export-secret-(?:sub)?keys$/.test(w.value));
}

/** `gpg --export`, `gpg --fingerprint`: the output is public, whatever the input. */
function writesPublicMaterial(cmd: ShellCommand): boolean {
  const cn = commandName(cmd);
  return cn?.name === 'gpg' && argumentWords(cmd).some((w) => /^--(?:export|fingerprint|list-keys|list-public-keys|export-ssh-key)$/.test(w.value));
}

/** Whether `text` holds one of `parts`. */
function holdsAny(text: string, parts: readonly string[]): boolean {
  for (let i = 0; i < parts.length; i++) if (text.includes(parts[i])) return true;
  return false;
}

/**
 * The command reads a secret: a mounted secret file, a variable holding one, or a variable whose name
 * says secret (a build argument, an ENV) — unless this RUN set it to text written in the Dockerfile.
 * Loops, not callbacks: this runs for every word of the RUN.
 */
function usesSecret(cmd: ShellCommand, s: Secrets): boolean {
  const words = cmd.words;
  for (let i = 0; i < words.length; i++) {
    const value = words[i].value;
    if (holdsAny(value, s.paths)) return true;
    if (value.includes('$') && varsIn(value).some((v) => s.vars.has(v) || (isSecretName(v) && !s.literal.has(v)))) return true;
  }
  return false;
}

/** `< /run/secrets/token`: the command's input is a mounted secret file. */
function readsSecretFile(cmd: ShellCommand, s: Secrets): boolean {
  return cmd.redirects.some((r) => r.op === '<' && !!r.target && holdsAny(r.target, s.paths));
}

/** The lists of the RUN (top level, compound bodies, substitutions, `sh -c` scripts): pipelines never cross them. */
function commandLists(run: RunShell): ShellCommand[][] {
  const lists = [run.commands];
  const all = run.all;
  for (let i = 0; i < all.length; i++) if (all[i].nested.length) lists.push(all[i].nested);
  return lists;
}

interface Write {
  span: Span;
  /** Absolute paths written (the home folder's files for config commands). */
  paths: string[];
  /** How the finding words it. */
  words: { messageId: 'fileWrite'; data: { target: string } } | { messageId: 'configStore'; data: { command: string; store: string } };
  /** Undoing commands (logout) for config stores. */
  undo?: Store['undo'];
}

export default defineRule({
  meta: {
    code: 'DF041',
    name: 'no-persisted-build-secret',
    language: 'dockerfile',
    scope: 'unit',
    title: 'Build secret written into the image',
    why:
      'A secret mount exists only while its RUN runs, but a copy of it written to a file (a token in ~/.npmrc, ' +
      '`cat /run/secrets/x > file`, a `docker login`) stays in the layer and in the image.',
    level: 'warning',
    risk: 'high',
    tags: ['security', 'secrets', 'CIS-4.10', 'CWE-538'],
    others: {},
    messages: {
      fileWrite: message(
        'This writes a secret to {{target}} and the RUN never deletes it: it stays in the layer. ',
        'Delete it at the end of the same RUN, or point the tool at the secret mount instead.',
      ),
      configStore: message(
        '`{{command}}` stores the credential in {{store}} and the RUN never removes it: it stays in the layer. ',
        'Remove it at the end of the same RUN (or log out), or mount the config file as a secret instead.',
      ),
    },
  },
  *check({ model }) {
    for (const run of runShells(model)) {
      if (run.exec) continue;
      const mounts = secretMountsOf(run.flags);
      const paths = secretPaths(mounts);
      if (!mayReadSecret(run, paths)) continue;
      const secrets = secretsOf(run, mounts, paths);
      const volatile = volatileTargetsOf(run.flags);
      const writes: Write[] = [];
      for (const list of commandLists(run)) {
        // Whether a command earlier in the current pipeline passes a secret down it (one pass: a
        // pipeline of thousands of commands stays linear).
        let upstreamSecret = false;
        for (let i = 0; i < list.length; i++) {
          const cmd = list[i];
          if (cmd.after !== '|' && cmd.after !== '|&') upstreamSecret = false;
          const publicOutput = writesPublicMaterial(cmd);
          const passes = (usesSecret(cmd, secrets) && !publicOutput) || writesSecretMaterial(cmd);
          const fromUpstream = upstreamSecret;
          upstreamSecret ||= passes;
          const cn = commandName(cmd);
          if (!cn || publicOutput) continue;
          const reads = passes || fromUpstream || (cmd.redirects.length > 0 && readsSecretFile(cmd, secrets));
          if (!reads) continue;
          const args = argumentWords(cmd).map((w) => w.value);
          // Files the command writes with the secret in them.
          const targets: { value: string; span: Span }[] = [];
          for (const r of cmd.redirects) {
            if (/^(?:\d?>>?|&>>?|>\|)$/.test(r.op) && r.op[0] !== '2' && r.target) targets.push({ value: r.target, span: r.span });
          }
          if (cn.name === 'tee') for (const w of parseArgs(argumentWords(cmd)).operands) targets.push({ value: w.value, span: w.span });
          if (cn.name === 'cp' || cn.name === 'install') {
            const ops = parseArgs(argumentWords(cmd), { withValue: ['-m', '-o', '-g', '--mode', '--owner', '--group'] }).operands;
            if (ops.length >= 2) targets.push({ value: ops[ops.length - 1].value, span: ops[ops.length - 1].span });
          }
          for (const t of targets) {
            if (t.value.startsWith('/dev/') || t.value.startsWith('&')) continue;
            const path = resolveImagePath(model, run.instr, t.value);
            if (!path || volatile.some((v) => isUnder(path, v))) continue;
            writes.push({ span: t.span, paths: [path], words: { messageId: 'fileWrite', data: { target: t.value } } });
          }
          for (const store of STORES[cn.name === 'pip3' ? 'pip' : cn.name] ?? []) {
            if (!store.match(args) || (store.needsMount && !secrets.mounted)) continue;
            const paths = store.files.map((f) => resolveImagePath(model, run.instr, f.startsWith('./') || f.startsWith('/') ? f : `~/${f}`)).filter((p): p is string => !!p);
            if (paths.some((p) => volatile.some((v) => isUnder(p, v)))) continue;
            const command = [cn.name, ...args.slice(0, 2)].join(' ');
            writes.push({ span: cmd.words[cn.index].span, paths, words: { messageId: 'configStore', data: { command, store: store.what } }, undo: store.undo });
          }
        }
      }
      // Commands that may undo a write: removals, and the tools that can log out or unset.
      const undoers = writes.length
        ? run.all.filter((c) => {
            const name = commandName(c)?.name;
            return name !== undefined && (name === 'rm' || name === 'shred' || name === 'unlink' || Object.hasOwn(STORES, name) || name.startsWith('pip'));
          })
        : [];
      for (const w of writes) {
        const later = undoers.filter((c) => c.span.start > w.span.end);
        const undone = later.some((c) => {
          const cn = commandName(c);
          if (!cn) return false;
          const args = argumentWords(c).map((x) => x.value);
          if (w.undo?.(cn.name, args)) return true;
          if (cn.name !== 'rm' && cn.name !== 'shred' && cn.name !== 'unlink') return false;
          return parseArgs(argumentWords(c)).operands.some((op) => {
            const removed = resolveImagePath(model, run.instr, op.value);
            return !!removed && w.paths.some((p) => isUnder(p, removed) || isUnder(removed, p));
          });
        });
        if (!undone) yield { ...w.words, span: w.span };
      }
    }
  },
});
