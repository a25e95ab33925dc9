import { defineRule, message } from '../languages/define-rule.js';
import type { Edit } from '../engine/types.js';
import { managerInvocation, mayBeManager } from '../knowledge/package-managers.js';
import type { DockerfileModel } from '../languages/dockerfile.js';
import {
  type RunShell,
  type ShellCommand,
  type ShellOption,
  type ShellWord,
  argumentWords,
  commandName,
  commandsWhere,
  parseArgs,
  pipelineOf,
  runShells,
  scriptTexts,
  scriptTextsMayMatch,
  spanInText,
} from '../languages/shell.js';
import { removeOptionEdit, runSite } from '../languages/shell-edit.js';
import { commandPlaces, isPipedInto } from '../languages/command-places.js';

/** Flags that make a package manager install packages whose signature it could not check. */
const BYPASS_FLAGS: Record<string, readonly string[]> = {
  apt: ['--allow-unauthenticated', '--force-yes', '--allow-insecure-repositories', '--allow-downgrade-to-insecure-repositories'],
  apk: ['--allow-untrusted'],
  yum: ['--nogpgcheck', '--no-gpgcheck'],
  zypper: ['--no-gpg-checks', '--no-gpgcheck', '-G'],
};
const RPM_FLAGS = ['--nosignature', '--nodigest', '--nofiledigest', '--noverify'];
/** apt `-o` settings that do the same. */
const APT_OPTIONS = /^(APT::Get::AllowUnauthenticated|Acquire::AllowInsecureRepositories|Acquire::AllowDowngradeToInsecureRepositories)\s*=\s*"?(true|1|yes)"?$/i;
/**
 * `gpgcheck=0` (yum/dnf repo files and `--setopt`); `repo_gpgcheck`/`localpkg_gpgcheck` are other settings.
 * A match without group 1 is a skipped run of name characters up to its last `*`/`-` (no setting can
 * start inside it): without that branch the search rescans a long run from each of its characters.
 */
const GPGCHECK_OFF = /(?<![\w.])(?:((?:[\w*-]+\.)?gpgcheck)\s*=\s*["']?(0|false|no|off)\b|[\w*-]*[*-])/gi;
/** apt sources: `[trusted=yes]` among the options of a `deb` line; no group 2 for a `[` left open on its line. */
const TRUSTED_OPTION = /\[([^\]\n]*)(\]?)/g;
/**
 * A repository or package in the build's own file system (`file:`, `copy:`, a path): nothing travels
 * over a network or through a mirror, so there is no signature for the check to protect. Whether
 * what the build put there was itself verified is a download's question (DF034), not this rule's.
 */
const LOCAL_SOURCE = /^["']?(file:|copy:|\.{0,2}\/|~\/)/i;
/** Commands whose words are printed, not acted on: their text matters only when it goes to a file. */
const PRINTERS = new Set(['echo', 'printf', 'cat', 'print']);
/** Package operands that are files of the build (`/tmp/pkgs/x.apk`, `./x.rpm`), not names fetched from a repository. */
const isLocalPackage = (word: string) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(word) && (LOCAL_SOURCE.test(word) || /\.(apk|rpm|deb)$/i.test(word));

function optionEdit(model: DockerfileModel, run: RunShell, cmd: ShellCommand, opt: ShellOption): Edit | undefined {
  return removeOptionEdit(runSite(model, run, cmd), opt);
}

export default defineRule({
  meta: {
    code: 'DF022',
    name: 'no-package-signature-bypass',
    language: 'dockerfile',
    scope: 'unit',
    title: 'Package signature checks turned off',
    why:
      'Package managers check signatures so that a compromised mirror, proxy or network cannot hand the build a ' +
      'tampered package. Flags like --allow-unauthenticated, --nogpgcheck, --allow-untrusted or [trusted=yes] turn that off.',
    level: 'error',
    risk: 'high',
    tags: ['security', 'supply-chain', 'CIS-4.11', 'CWE-347', 'CWE-494'],
    others: {
      checkov: ['CKV2_DOCKER_7', 'CKV2_DOCKER_8', 'CKV2_DOCKER_9', 'CKV2_DOCKER_10', 'CKV2_DOCKER_11'],
    },
    messages: {
      flag: '`{{program}} {{flag}}` installs packages without checking their signatures.',
      aptOption: '`-o {{setting}}` lets apt use packages or repositories without valid signatures.',
      gpgcheck: '`{{setting}}` turns off package signature checks for this repository.',
      trusted: '`[{{setting}}]` makes apt trust this repository without checking its signature.',
      trustedField: '`Trusted: yes` makes apt trust this repository without checking its signature.',
      localFlag: message(
        '`{{program}} {{flag}}` is needed for unsigned package files of the build, but it also takes their dependencies from the repositories unchecked. ',
        'Install the dependencies in an `{{program}}` call of their own first.',
      ),
      aptKeyPipe: message(
        'A key downloaded by `{{downloader}}` is added with `apt-key add`: it is trusted for every repository, and its fingerprint is never checked. ',
        'Download it to /etc/apt/keyrings, check the fingerprint, and use `signed-by=` for its repository.',
      ),
    },
    fix: 'safe',
  },
  *check({ model }) {
    for (const run of runShells(model)) {
      /** Words already reported as options, so their text is not reported again. */
      const seen = new Set<ShellWord>();
      for (const cmd of commandsWhere(run.all, (n) => n === 'rpm' || n === 'apt-key' || mayBeManager(n))) {
        const name = commandName(cmd)?.name;
        if (name === 'rpm') {
          const parsed = parseArgs(argumentWords(cmd), { withValue: ['--root', '--dbpath', '-r', '--define', '-D', '--predefine', '--excludepath', '--prefix', '--relocate'] });
          // rpm fetches nothing: package files of the build carry no signature worth checking here.
          if (parsed.operands.length && parsed.operands.every((w) => isLocalPackage(w.value))) continue;
          for (const opt of parsed.options) {
            if (!RPM_FLAGS.includes(opt.name)) continue;
            const edit = optionEdit(model, run, cmd, opt);
            yield { messageId: 'flag', span: opt.word.span, data: { program: 'rpm', flag: opt.name }, fixData: edit && { edit, what: opt.name } };
          }
          continue;
        }
        if (name === 'apt-key' && argumentWords(cmd)[0]?.value === 'add') {
          const place = commandPlaces(run).get(cmd);
          if (!place || !isPipedInto(place)) continue;
          const downloader = pipelineOf(place.list, place.index)
            .map((c) => commandName(c)?.name)
            .find((n) => n === 'curl' || n === 'wget');
          if (downloader) {
            yield { messageId: 'aptKeyPipe', span: cmd.span, data: { downloader }, level: 'warning' };
          }
          continue;
        }
        const inv = managerInvocation(cmd);
        if (!inv) continue;
        const flags = BYPASS_FLAGS[inv.manager] ?? [];
        const localOnly = installsLocalFilesOnly(inv);
        for (const parsed of [inv.globalArgs, inv.args]) {
          for (const opt of parsed.options) {
            if (flags.includes(opt.name)) {
              // zypper `-G` is `--no-gpgcheck` only for addrepo.
              if (opt.name === '-G' && !['addrepo', 'ar'].includes(inv.subcommand ?? '')) continue;
              if (localOnly) {
                // Unsigned packages the build made need the flag (removing it breaks the build), but it
                // also lets their dependencies come unchecked from the repositories.
                yield { messageId: 'localFlag', span: opt.word.span, data: { program: inv.program, flag: opt.name }, level: 'info' };
                continue;
              }
              const edit = optionEdit(model, run, cmd, opt);
              yield { messageId: 'flag', span: opt.word.span, data: { program: inv.program, flag: opt.name }, fixData: edit && { edit, what: opt.name } };
            } else if (inv.manager === 'apt' && (opt.name === '-o' || opt.name === '--option') && opt.value && APT_OPTIONS.test(opt.value)) {
              const edit = optionEdit(model, run, cmd, opt);
              yield { messageId: 'aptOption', span: opt.word.span, data: { setting: opt.value }, fixData: edit && { edit, what: `-o ${opt.value}` } };
            } else if (inv.manager === 'yum' && opt.name === '--setopt' && opt.value) {
              GPGCHECK_OFF.lastIndex = 0;
              const m = GPGCHECK_OFF.exec(opt.value);
              if (m?.[1] && m[0].length === opt.value.length) {
                seen.add(opt.word);
                if (opt.valueWord) seen.add(opt.valueWord);
                const edit = optionEdit(model, run, cmd, opt);
                yield { messageId: 'gpgcheck', span: opt.word.span, data: { setting: opt.value }, fixData: edit && { edit, what: `--setopt=${opt.value}` } };
              }
            }
          }
        }
      }
      // Settings written into files: `gpgcheck=0` in a .repo, `[trusted=yes]` or `Trusted: yes` in apt sources.
      // Most RUNs have neither word in any text: their texts are not searched one by one.
      if (!scriptTextsMayMatch(run, MAY_SKIP_SIGNATURES)) continue;
      for (const t of scriptTexts(model, run)) {
        if (!MAY_SKIP_SIGNATURES.test(t.text)) continue;
        if (t.word && (t.word.redirect || seen.has(t.word))) continue;
        if (merelyPrinted(t)) continue;
        {
          GPGCHECK_OFF.lastIndex = 0;
          // `printf "…\ngpgcheck=0"`: read escaped line breaks as white space (same length, so offsets hold).
          const plain = t.text.replace(/\\[nt]/g, '  ');
          for (let m = GPGCHECK_OFF.exec(plain); m; m = GPGCHECK_OFF.exec(plain)) {
            if (!m[1] || LOCAL_BASEURL.test(repoSection(plain, m.index))) continue;
            yield { messageId: 'gpgcheck', span: spanInText(t, m.index, m.index + m[0].length), data: { setting: m[0] } };
          }
        }
        TRUSTED_OPTION.lastIndex = 0;
        for (let m = TRUSTED_OPTION.exec(t.text); m; m = TRUSTED_OPTION.exec(t.text)) {
          if (!m[2]) continue;
          const options = m[1].split(/\s+/).filter(Boolean);
          const trusted = options.find((o) => /^trusted=yes$/i.test(o));
          if (!trusted || LOCAL_SOURCE.test(uriAfter(t.text, m.index + m[0].length))) continue;
          const span = spanInText(t, m.index, m.index + m[0].length);
          const edit = trustedEdit(t, m.index, m[0], options, trusted);
          yield { messageId: 'trusted', span, data: { setting: m[1].trim() }, fixData: edit && { edit, what: trusted } };
        }
        if (t.heredoc) {
          const field = /^Trusted:\s*yes\s*$/im.exec(t.text);
          const uris = /^URIs:[ \t]*(\S+)/im.exec(t.text);
          if (field && !(uris && LOCAL_SOURCE.test(uris[1]))) yield { messageId: 'trustedField', span: spanInText(t, field.index, field.index + field[0].trimEnd().length) };
        }
      }
    }
  },
  fix(report) {
    const data = report.fixData;
    if (!data) return [];
    return [{ title: `Remove ${data.what} (check signatures)`, safe: true, edits: [data.edit] }];
  },
});

/** What a text must hold for a setting below to be reported (`gpgcheck=0`, `[trusted=yes]`, `Trusted: yes`): most texts hold neither. */
const MAY_SKIP_SIGNATURES = /gpgcheck|trusted/i;

/** yum/dnf repository text whose `baseurl` is in the build's own file system. */
const LOCAL_BASEURL = /(?:^|\s)baseurl\s*=\s*["']?file:/i;

/** The `[repo]` section of a .repo text around `index` (the whole text when it has no sections). */
function repoSection(text: string, index: number): string {
  const start = text.lastIndexOf('[', index);
  const next = text.indexOf('[', index);
  return text.slice(Math.max(start, 0), next < 0 ? text.length : next);
}

/** The repository URI of a sources line: the first word after the option brackets. */
function uriAfter(text: string, from: number): string {
  return /^\s*(\S*)/.exec(text.slice(from, from + 4096))![1];
}

/** A word of `echo`/`printf`/`cat` that goes to the build log, not into a file: it configures nothing. */
function merelyPrinted(t: ReturnType<typeof scriptTexts>[number]): boolean {
  if (t.outputs.length) return false;
  const name = commandName(t.cmd)?.name;
  return name !== undefined && PRINTERS.has(name);
}

/** An install whose every package operand is a file of the build, so nothing of its own comes from a repository. */
function installsLocalFilesOnly(inv: NonNullable<ReturnType<typeof managerInvocation>>): boolean {
  if (!['add', 'install', 'in', 'localinstall', 'reinstall'].includes(inv.subcommand ?? '')) return false;
  const operands = inv.args.operands;
  return operands.length > 0 && operands.every((w) => isLocalPackage(w.value));
}

/** Removes `trusted=yes` from `[… trusted=yes …]`, or the whole bracket (and one space after it) when it is the only option. */
function trustedEdit(t: ReturnType<typeof scriptTexts>[number], index: number, whole: string, options: string[], trusted: string): Edit | undefined {
  if (options.length === 1) {
    const start = t.offsetOf(index);
    let endIndex = index + whole.length;
    if (t.text[endIndex] === ' ') endIndex++;
    const end = t.offsetOf(endIndex);
    return start !== undefined && end !== undefined ? { start, end, text: '' } : undefined;
  }
  const inner = whole.indexOf(trusted);
  // Take the space before it (or after it, when it comes first).
  let from = index + inner;
  let to = from + trusted.length;
  if (t.text[from - 1] === ' ' && t.text[from - 2] !== '[') from--;
  else if (t.text[to] === ' ') to++;
  const start = t.offsetOf(from);
  const end = t.offsetOf(to);
  return start !== undefined && end !== undefined ? { start, end, text: '' } : undefined;
}
