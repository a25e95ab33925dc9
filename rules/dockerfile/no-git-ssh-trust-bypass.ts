import { defineRule, message, type ReportOf } from '../languages/define-rule.js';
import type { Span } from '../engine/types.js';
import { commandPlaces } from '../languages/command-places.js';
import { type RunShell, argumentWords, commandName, commandsNamed, outputFiles, parseArgs, runShells, scriptTexts, scriptTextsMayMatch, spanInText } from '../languages/shell.js';
import { argOrEnvDeclaration } from '../languages/dockerfile.js';

const FALSE = /^(0|false|no|off)$/i;
/** `StrictHostKeyChecking no` / `=no` (ssh_config, `-o`, GIT_SSH_COMMAND); `accept-new` still refuses changed keys. */
const NO_HOST_CHECK = /StrictHostKeyChecking\s*(?:=\s*|\s+)["']?(no|off)\b/gi;
const NO_KNOWN_HOSTS = /UserKnownHostsFile\s*(?:=\s*|\s+)["']?\/dev\/null\b/gi;
/** What a text must hold for NO_HOST_CHECK or NO_KNOWN_HOSTS to match (most texts hold neither). */
const MAY_SKIP_HOST_CHECK = /stricthostkeychecking|userknownhostsfile/i;
/** git `http.sslVerify` and `http.<url>.sslVerify`. */
const SSL_VERIFY_KEY = /^http\.(?:.+\.)?sslverify$/i;

/** git config options that take a value (scope and file options), so the key/value operands are found. */
const GIT_CONFIG_VALUE = ['-f', '--file', '--blob', '--type', '--default', '--comment'];

/** git options before the subcommand that take a value. */
const GIT_GLOBAL_VALUE = ['-c', '-C', '--git-dir', '--work-tree', '--namespace', '--config-env', '--exec-path'];

/** Whether a RUN checks what ssh-keyscan returned (fingerprint comparison) before trusting it. */
function verifiesHostKeys(run: RunShell): boolean {
  return commandsNamed(run.all, 'ssh-keygen', 'diff', 'cmp', 'sha256sum', 'shasum', 'grep').some((cmd) => {
    const name = commandName(cmd)?.name;
    const args = argumentWords(cmd).map((w) => w.value);
    if (name === 'ssh-keygen') return args.some((a) => /^-[a-zA-Z]*l/.test(a));
    if (name === 'diff' || name === 'cmp') return true;
    if (name === 'sha256sum' || name === 'shasum') return args.some((a) => a === '-c' || a === '--check');
    if (name === 'grep') return args.some((a) => /SHA256:|[A-Za-z0-9+/]{40,}/.test(a));
    return false;
  });
}

export default defineRule({
  meta: {
    code: 'DF028',
    name: 'no-git-ssh-trust-bypass',
    language: 'dockerfile',
    scope: 'unit',
    title: 'git or SSH told to trust any server',
    why:
      'git http.sslVerify=false accepts any certificate; StrictHostKeyChecking=no and an unchecked ssh-keyscan accept ' +
      'any host key. Either way, whoever sits between the build and the git server can serve different code.',
    level: 'warning',
    risk: 'medium',
    tags: ['security', 'tls', 'supply-chain', 'CIS-4.11', 'CWE-295', 'CWE-322'],
    others: {},
    messages: {
      gitSslVerify: '`{{setting}}` makes git accept any certificate.',
      hostKeyCheck: '`{{setting}}` makes SSH accept any host key: a server in the middle can impersonate the git host.',
      keyscan: message(
        '`ssh-keyscan` output is added to known_hosts without checking its fingerprint: this trusts whatever key the network returned. ',
        'Copy a known_hosts entry you checked into the image, or compare the fingerprint with `ssh-keygen -lf`.',
      ),
    },
  },
  *check({ model }) {
    const { file } = model;
    for (const run of runShells(model)) {
      for (const cmd of commandsNamed(run.all, 'git')) {
        const words = argumentWords(cmd);
        // `git -c http.sslVerify=false clone …`
        for (let i = 0; i < words.length && words[i].value.startsWith('-'); i++) {
          if (words[i].value !== '-c' || !words[i + 1]) continue;
          const [key, value = 'true'] = words[i + 1].value.split('=');
          if (SSL_VERIFY_KEY.test(key) && FALSE.test(value)) {
            yield { messageId: 'gitSslVerify', span: words[i + 1].span, data: { setting: `git -c ${words[i + 1].value}` } };
          }
          i++;
        }
        // `git config --global http.sslVerify false`
        let sub = 0;
        while (sub < words.length && words[sub].value.startsWith('-')) sub += GIT_GLOBAL_VALUE.includes(words[sub].value) ? 2 : 1;
        if (words[sub]?.value !== 'config') continue;
        const operands = parseArgs(words.slice(sub + 1), { withValue: GIT_CONFIG_VALUE }).operands;
        const [key, value] = operands;
        if (key && value && SSL_VERIFY_KEY.test(key.value) && FALSE.test(value.value)) {
          yield { messageId: 'gitSslVerify', span: { start: key.span.start, end: value.span.end }, data: { setting: `${key.value} ${value.value}` } };
        }
      }
      // ssh-keyscan straight into known_hosts.
      const keyscans = commandsNamed(run.all, 'ssh-keyscan');
      if (keyscans.length && !verifiesHostKeys(run)) {
        for (const cmd of keyscans) {
          const { list, index } = commandPlaces(run).get(cmd)!;
          if (outputFiles(list, index).some((f) => f.includes('known_hosts'))) yield { messageId: 'keyscan', span: cmd.span };
        }
      }
      // Most RUNs have neither option in any text: their texts are not searched one by one.
      if (!scriptTextsMayMatch(run, MAY_SKIP_HOST_CHECK)) continue;
      for (const t of scriptTexts(model, run)) {
        if (t.word?.redirect || !MAY_SKIP_HOST_CHECK.test(t.text)) continue;
        yield* settingReports(t.text, (from, to) => spanInText(t, from, to));
      }
    }
    // GIT_SSH_COMMAND="ssh -o StrictHostKeyChecking=no" in ENV/ARG.
    for (const instr of model.instructions) {
      for (const prop of argOrEnvDeclaration(instr)?.properties ?? []) {
        const range = prop.getValueRange();
        if (!range) continue;
        const span = file.spanOf(range);
        const raw = file.text.slice(span.start, span.end);
        yield* settingReports(raw, (from, to) => ({ start: span.start + from, end: span.start + to }));
      }
    }
  },
});

function* settingReports(text: string, spanOf: (from: number, to: number) => Span): Generator<ReportOf<{ hostKeyCheck: { setting: string } }>> {
  for (const re of [NO_HOST_CHECK, NO_KNOWN_HOSTS]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      yield { messageId: 'hostKeyCheck', span: spanOf(m.index, m.index + m[0].length), data: { setting: m[0] } };
    }
  }
}
