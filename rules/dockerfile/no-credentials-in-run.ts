import { defineRule, message, type ReportOf } from '../languages/define-rule.js';
import type { Span } from '../engine/types.js';
import { findTokenFormat, isSecretName } from '../knowledge/secrets.js';
import type { DockerfileModel } from '../languages/dockerfile.js';
import { VariableDeclarations } from '../languages/dockerfile-declarations.js';
import { commandPlaces } from '../languages/command-places.js';
import { secretMountsOf } from '../languages/run-mounts.js';
import { argumentWords, commandName, parseArgs, type RunShell, runShells, type ShellCommand, type ShellWord } from '../languages/shell.js';
import { CURL_VALUE_OPTIONS, WGET_VALUE_OPTIONS } from '../knowledge/download-options.js';

/** Header names that carry a credential. */
const AUTH_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'private-token',
  'job-token',
  'deploy-token',
  'x-api-key',
  'api-key',
  'apikey',
  'x-auth-token',
  'x-access-token',
  'x-token',
  'x-jfrog-art-api',
  'x-vault-token',
  'circle-token',
  'x-gitlab-token',
]);

/** Values that stand for a credential rather than being one. */
const PLACEHOLDER = /^(?:x+|\*+|\.{3}|password|passwd|pass|pwd|secret|token|changeme|change-me|redacted|<[^>]*>|\{\{[^}]*\}\})$/i;

const VARIABLE = /\$\{?([A-Za-z_]\w*)/g;

function varsIn(text: string): string[] {
  const out: string[] = [];
  VARIABLE.lastIndex = 0;
  for (let m = VARIABLE.exec(text); m; m = VARIABLE.exec(text)) out.push(m[1]);
  return out;
}

/** A credential found on a command line. */
interface Found {
  /** `the URL`, `curl -u`, `the Authorization header`. */
  what: string;
  value: string;
  span: Span;
  /** The value is in the password position (a variable there is a credential whatever its name). */
  passwordSlot: boolean;
  /** git writes it to a config file when the command is a clone/remote/config (not for `git -c`). */
  persistable?: boolean;
  /** The user name next to a password (`admin:admin` is a default, not a secret). */
  user?: string;
}

/** `$(…)` and backtick substitutions blanked out (same length), so a URL holding one still reads as one token. */
function maskSubstitutions(raw: string): string {
  if (!raw.includes('$(') && !raw.includes('`')) return raw;
  let out = '';
  let copied = 0; // raw[copied, i) is still to be copied as it is (by slices: one `+=` per character is slow on long words)
  for (let i = 0; i < raw.length; i++) {
    const open = raw.startsWith('$(', i) ? 2 : raw[i] === '`' ? 1 : 0;
    if (!open) continue;
    out += raw.slice(copied, i);
    let depth = 1;
    let j = i + open;
    for (; j < raw.length && depth > 0; j++) {
      if (open === 1 ? raw[j] === '`' : raw[j] === ')') depth--;
      else if (open === 2 && raw[j] === '(') depth++;
    }
    out += raw.slice(i, i + open) + 'x'.repeat(Math.max(0, j - i - open - 1)) + (j <= raw.length && depth === 0 ? raw[j - 1] : '');
    i = j - 1;
    copied = j;
  }
  return out + raw.slice(copied);
}

/** `scheme://user:pass@` or `scheme://token@` in a word, located in the file. */
function urlCredentials(file: string, word: ShellWord): Found[] {
  const original = file.slice(word.span.start, word.span.end);
  const out: Found[] = [];
  if (!original.includes('://')) return out; // the regex below tries every letter of a long word otherwise
  const raw = maskSubstitutions(original);
  const re = /([A-Za-z][A-Za-z0-9+.-]{0,30}):\/\/([^\s/@'"?#]{1,512})@/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const start = word.span.start + m.index + m[1].length + 3;
    const userinfo = original.slice(start - word.span.start, start - word.span.start + m[2].length);
    const colon = userinfo.indexOf(':');
    if (colon >= 0) {
      const pass = userinfo.slice(colon + 1);
      const user = userinfo.slice(0, colon);
      if (pass) out.push({ what: 'the URL', value: pass, span: { start: start + colon + 1, end: start + userinfo.length }, passwordSlot: true, persistable: true, user });
    } else {
      out.push({ what: 'the URL', value: userinfo, span: { start, end: start + userinfo.length }, passwordSlot: false, persistable: true });
    }
  }
  return out;
}

/** `Authorization: Bearer x` → the credential part, if the header carries one. */
function headerCredential(header: string): string | undefined {
  const colon = header.indexOf(':');
  if (colon <= 0) return undefined;
  const name = header.slice(0, colon).trim();
  if (!AUTH_HEADERS.has(name.toLowerCase()) && !isSecretName(name.replace(/-/g, '_'))) return undefined;
  const value = header
    .slice(colon + 1)
    .trim()
    .replace(/^(?:bearer|basic|token|bot|digest|apikey)\s+/i, '');
  return value || undefined;
}

function locate(file: string, word: ShellWord, value: string): Span {
  const raw = file.slice(word.span.start, word.span.end);
  const at = raw.lastIndexOf(value);
  return at < 0 ? word.span : { start: word.span.start + at, end: word.span.start + at + value.length };
}

/** Credentials passed by option: curl -u/--user, wget --password, -H/--header, git -c http.extraHeader. */
function optionCredentials(file: string, cmd: ShellCommand, name: string): Found[] {
  const words = argumentWords(cmd);
  const out: Found[] = [];
  const push = (what: string, value: string | undefined, word: ShellWord | undefined, persistable = false) => {
    if (value && word) out.push({ what, value, span: locate(file, word, value), passwordSlot: true, persistable });
  };
  if (name === 'curl') {
    const parsed = parseArgs(words, { withValue: CURL_VALUE_OPTIONS });
    for (const o of parsed.options) {
      const word = o.valueWord ?? o.word;
      if ((o.name === '-u' || o.name === '--user' || o.name === '-U' || o.name === '--proxy-user') && o.value?.includes(':')) {
        const pass = o.value.slice(o.value.indexOf(':') + 1);
        if (pass !== o.value.slice(0, o.value.indexOf(':'))) push(`curl ${o.name}`, pass, word);
      } else if (o.name === '-H' || o.name === '--header' || o.name === '--proxy-header') {
        push(`the ${o.value?.split(':')[0].trim()} header`, o.value && headerCredential(o.value), word);
      } else if (o.name === '--oauth2-bearer') push('curl --oauth2-bearer', o.value, word);
    }
  } else if (name === 'wget') {
    const parsed = parseArgs(words, { withValue: WGET_VALUE_OPTIONS });
    for (const o of parsed.options) {
      const word = o.valueWord ?? o.word;
      if (/^--(?:http-|ftp-|proxy-)?password$/.test(o.name)) push(`wget ${o.name}`, o.value, word);
      else if (o.name === '--header') push(`the ${o.value?.split(':')[0].trim()} header`, o.value && headerCredential(o.value), word);
    }
  } else if (name === 'git') {
    // `git -c http.extraHeader="Authorization: …"` and `git config [--global] http.<url>.extraheader "…"`.
    words.forEach((w, i) => {
      const v = w.value;
      const inline = /^http\..*extraheader=(.*)$/is.exec(v);
      if (inline && words[i - 1]?.value === '-c') push('the git extraHeader', headerCredential(inline[1]), w);
      else if (/^http\..*extraheader$/i.test(v) && words[i + 1]) push('the git extraHeader', headerCredential(words[i + 1].value), words[i + 1], true);
    });
  }
  return out;
}

/** git commands that save the URL or header they are given in a config file of the layer. */
function gitPersists(cmd: ShellCommand): string | undefined {
  const cn = commandName(cmd);
  if (cn?.name !== 'git') return undefined;
  const args = argumentWords(cmd).map((w) => w.value);
  let i = 0;
  while (i < args.length && args[i].startsWith('-')) i += args[i] === '-c' || args[i] === '-C' ? 2 : 1;
  const sub = args[i];
  if (sub === 'clone') return '.git/config of the clone';
  if (sub === 'remote' && (args[i + 1] === 'add' || args[i + 1] === 'set-url')) return '.git/config';
  if (sub === 'submodule' && args[i + 1] === 'add') return '.gitmodules and .git/config';
  if (sub === 'config' && !args.some((a) => a.startsWith('--unset') || a === '--get' || a.startsWith('--remove'))) {
    return args.includes('--global') ? '~/.gitconfig' : args.includes('--system') ? '/etc/gitconfig' : '.git/config';
  }
  return undefined;
}

/** A command that removes what git saved: the repository's .git, the global config, the remote URL. */
function isGitCleanup(c: ShellCommand): boolean {
  const cn = commandName(c);
  if (cn?.name !== 'rm' && cn?.name !== 'git') return false;
  const args = argumentWords(c).map((w) => w.value);
  if (cn.name === 'rm') return args.some((a) => /(?:^|\/)\.git(?:\/?$|config$)|\.gitconfig$/.test(a));
  return (
    (args.includes('remote') && args.some((a) => a === 'set-url' || a === 'remove' || a === 'rm')) || args.some((a) => a.startsWith('--unset') || a.startsWith('--remove-section'))
  );
}

/** Where the last git clean-up of a list starts (-1: none): what git saved before it is removed in the same RUN. */
function lastGitCleanup(list: readonly ShellCommand[]): number {
  let last = -1;
  for (const c of list) if (c.span.start > last && isGitCleanup(c)) last = c.span.start;
  return last;
}

function isLiteral(value: string): boolean {
  return !value.includes('$') && !value.includes('`') && !PLACEHOLDER.test(value);
}

type CredentialReport = ReportOf<{
  gitPersist: { where: string };
  literal: { what: string };
  fromArg: { what: string; name: string };
  fromEnv: { what: string; name: string };
}>;

/** `declarations`: where the variables the RUNs read come from (a build argument or ENV of the Dockerfile), shared by the RUNs of one check. */
function reportsFor(model: DockerfileModel, run: RunShell, declarations: VariableDeclarations): CredentialReport[] {
  const text = model.file.text;
  const mountedEnvs = new Set(
    secretMountsOf(run.flags)
      .map((m) => m.env)
      .filter(Boolean),
  );
  const out: CredentialReport[] = [];
  const cleanups = new Map<readonly ShellCommand[], number>();
  /** A later command of the list that holds `cmd` removes what git saved. */
  const cleanedUpAfter = (cmd: ShellCommand) => {
    const list = commandPlaces(run).get(cmd)?.list ?? [];
    let last = cleanups.get(list);
    if (last === undefined) cleanups.set(list, (last = lastGitCleanup(list)));
    return last > cmd.span.end;
  };
  // Indexed: once per command of the RUN (tens of thousands in a generated one), and each step of a
  // for-of allocates until the loop is optimized.
  const all = run.all;
  for (let i = 0; i < all.length; i++) {
    const cmd = all[i];
    const cn = commandName(cmd);
    // Both searches read the arguments only.
    if (!cn || !argumentWords(cmd).length) continue;
    const found = [...argumentWords(cmd).flatMap((w) => urlCredentials(text, w)), ...optionCredentials(text, cmd, cn.name)];
    if (!found.length) continue;
    const persists = gitPersists(cmd);
    for (const f of found) {
      const vars = varsIn(f.value);
      const substituted = f.value.includes('$(') || f.value.includes('`');
      const credentialLike = f.passwordSlot || substituted || vars.some((v) => isSecretName(v) || /(?:^|_)(?:PAT|TOKEN|KEY)(?:_|$)/i.test(v));
      if ((vars.length || substituted) && credentialLike && persists && f.persistable && !cleanedUpAfter(cmd)) {
        out.push({ messageId: 'gitPersist', span: f.span, data: { where: persists } });
        continue;
      }
      if (!vars.length) {
        // Literal: unless it is a known token format (DF036 reports those, once) or a bare user name.
        if (!isLiteral(f.value) || findTokenFormat(f.value) || !f.passwordSlot || f.value === f.user) continue;
        out.push({ messageId: 'literal', span: f.span, data: { what: f.what } });
        continue;
      }
      if (substituted) continue; // read at run time (a secret file), not stored here
      const credentialVars = f.passwordSlot ? vars : vars.filter((v) => isSecretName(v) || /(?:^|_)(?:PAT|TOKEN|KEY)(?:_|$)/i.test(v));
      if (!credentialVars.length) continue;
      for (const v of credentialVars) {
        if (mountedEnvs.has(v)) continue;
        const kind = declarations.kindBefore(run.instr, v);
        // A secret-like ARG/ENV name is reported where it is declared (DF002).
        if (!kind || isSecretName(v)) continue;
        out.push({ messageId: kind === 'ARG' ? 'fromArg' : 'fromEnv', span: f.span, data: { what: f.what, name: v } });
        break;
      }
    }
  }
  return out;
}

export default defineRule({
  meta: {
    code: 'DF042',
    name: 'no-credentials-in-run',
    language: 'dockerfile',
    scope: 'unit',
    title: 'Credential in a RUN command line',
    why:
      'A password or token written into a RUN command (a URL with user:password@, curl -u, an Authorization header) is ' +
      'kept in the Dockerfile, the image history and the build cache; one passed to git clone is also saved in .git/config.',
    level: 'error',
    risk: 'high',
    tags: ['security', 'secrets', 'CIS-4.10', 'CWE-798', 'CWE-522'],
    others: {},
    messages: {
      literal: message(
        '{{what}} holds a literal credential: it is in the Dockerfile and the image history. ',
        'Revoke it and pass it with a secret mount (`RUN --mount=type=secret,id=…,env=…`).',
      ),
      fromArg: message(
        '{{what}} takes its credential from build argument {{name}}: build arguments are kept in the image history. ',
        'Pass it with a secret mount (`RUN --mount=type=secret,id=…,env={{name}}`).',
      ),
      fromEnv: message(
        '{{what}} takes its credential from ENV {{name}}, which is stored in the image config. ',
        'Pass it with a secret mount (`RUN --mount=type=secret,id=…,env={{name}}`).',
      ),
      gitPersist: message(
        'git saves this credential in {{where}}, so it stays in the layer even when it came from a secret mount. ',
        'Use a credential helper or `git -c http.extraHeader=…` for the one command, or remove the remote URL in the same RUN.',
      ),
    },
  },
  *check({ model }) {
    const declarations = new VariableDeclarations();
    for (const run of runShells(model)) yield* reportsFor(model, run, declarations);
  },
});
