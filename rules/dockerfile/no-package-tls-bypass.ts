import { defineRule } from '../languages/define-rule.js';
import type { Edit } from '../engine/types.js';
import { isConfigSubcommand, managerInvocation, mayBeManager } from '../knowledge/package-managers.js';
import type { DockerfileModel } from '../languages/dockerfile.js';
import {
  type RunShell,
  type ShellCommand,
  type ShellWord,
  argumentWords,
  commandName,
  commandsWhere,
  runShells,
  type ScriptText,
  scriptTexts,
  scriptTextsMayMatch,
  spanInText,
} from '../languages/shell.js';
import { removeCommandEdit, removeInstructionEdit, removeOptionEdit, runSite } from '../languages/shell-edit.js';

const FALSE = /^(0|false|no|off)$/i;
/** `sslverify=0` in yum/dnf repo files and `--setopt`; a match without group 1 is a skipped run (see GPGCHECK_OFF in DF022). */
const SSLVERIFY_OFF = /(?<![\w.])(?:((?:[\w*-]+\.)?sslverify)\s*=\s*["']?(0|false|no|off)\b|[\w*-]*[*-])/gi;
/** apt: `Acquire::https::Verify-Peer "false"` / `-o Acquire::https::Verify-Peer=false`. */
const APT_VERIFY_OFF = /Acquire::https::(?:[\w.-]+::)?Verify-(?:Peer|Host)\s*(?:=\s*|\s+)"?(false|0|no)"?/gi;

interface FixData {
  edit: Edit;
  what: string;
}

/** `<tool> config set <key> <value>` / `<tool> config set <key>=<value>` / `npm set <key> <value>`: key and value. */
function configSet(args: ShellWord[], program = ''): { key: string; value: string; words: ShellWord[] } | undefined {
  const plain = args.filter((w) => !w.value.startsWith('-'));
  let i = 0;
  if (isConfigSubcommand(program, plain[i]?.value)) i++;
  if (plain[i]?.value !== 'set') return undefined;
  const keyWord = plain[i + 1];
  if (!keyWord) return undefined;
  const eq = keyWord.value.indexOf('=');
  if (eq > 0) return { key: keyWord.value.slice(0, eq), value: keyWord.value.slice(eq + 1), words: [keyWord] };
  const valueWord = plain[i + 2];
  return valueWord ? { key: keyWord.value, value: valueWord.value, words: [keyWord, valueWord] } : undefined;
}

/** Removing a whole command: from its list, or the whole RUN when it is the only command. */
function commandEdit(model: DockerfileModel, run: RunShell, cmd: ShellCommand): Edit | undefined {
  if (!run.commands.includes(cmd)) return undefined;
  if (run.commands.length === 1 && !run.exec) return removeInstructionEdit(model, run.instr);
  return removeCommandEdit(runSite(model, run), run.commands, run.commands.indexOf(cmd));
}

export default defineRule({
  meta: {
    code: 'DF026',
    name: 'no-package-tls-bypass',
    language: 'dockerfile',
    scope: 'unit',
    title: 'Package manager told to skip TLS verification',
    why:
      'pip --trusted-host, npm/yarn strict-ssl false, sslverify=0 and apt Verify-Peer=false make the package manager ' +
      'accept any certificate, so a machine in the middle can serve the build tampered packages.',
    level: 'error',
    risk: 'high',
    tags: ['security', 'tls', 'supply-chain', 'CIS-4.11', 'CWE-295'],
    others: {
      checkov: ['CKV2_DOCKER_4', 'CKV2_DOCKER_13', 'CKV2_DOCKER_15'],
    },
    messages: {
      trustedHost: '`{{program}} {{flag}} {{host}}` accepts any certificate (and plain HTTP) from {{host}}.',
      strictSsl: '`{{program}} config set {{key}} {{value}}` makes {{program}} accept any certificate from its registry.',
      strictSslFlag: '`{{program}} {{flag}}` makes {{program}} accept any certificate from its registry.',
      sslverify: '`{{setting}}` makes yum/dnf accept any certificate from this repository.',
      aptVerify: '`{{setting}}` makes apt accept any certificate from its HTTPS repositories.',
      tool: '`{{command}}` turns certificate checks off for {{program}}.',
    },
    fix: 'safe',
  },
  *check({ model }) {
    for (const run of runShells(model)) {
      const seen = new Set<ShellWord>();
      for (const cmd of commandsWhere(run.all, (n) => mayBeManager(n) || TLS_TOOLS.has(n))) {
        const name = commandName(cmd)?.name;
        if (!name) continue;
        const args = argumentWords(cmd);
        const inv = managerInvocation(cmd);
        if (inv?.manager === 'pip' || name === 'uv') {
          const options = inv ? [...inv.globalArgs.options, ...inv.args.options] : [];
          for (const opt of options) {
            if (opt.name !== '--trusted-host' && opt.name !== '--allow-insecure-host') continue;
            const edit = removeOptionEdit(runSite(model, run, cmd), opt);
            seen.add(opt.word);
            yield {
              messageId: 'trustedHost',
              span: opt.word.span,
              data: { program: inv!.program, flag: opt.name, host: opt.value ?? '' },
              fixData: edit && ({ edit, what: `${opt.name} ${opt.value ?? ''}`.trim() } satisfies FixData),
            };
          }
          const set = inv?.subcommand === 'config' ? configSet(args.slice(args.indexOf(inv.subcommandWord!))) : undefined;
          if (set && /(^|\.)trusted-host$/.test(set.key)) {
            yield { messageId: 'tool', span: cmd.span, data: { command: `${inv!.program} config set ${set.key} ${set.value}`, program: 'pip' }, fixData: fixFor(model, run, cmd) };
          }
          continue;
        }
        if (name === 'npm' || name === 'yarn' || name === 'pnpm') {
          for (const w of args) {
            const m = /^--(strict-ssl)(?:=(.*))?$/.exec(w.value);
            if (!m) continue;
            const value = m[2] ?? args[args.indexOf(w) + 1]?.value ?? '';
            if (!FALSE.test(value)) continue;
            const valueWord = m[2] === undefined ? args[args.indexOf(w) + 1] : undefined;
            const edit = removeOptionEdit(runSite(model, run, cmd), { name: '--strict-ssl', value, word: w, valueWord });
            yield {
              messageId: 'strictSslFlag',
              span: w.span,
              data: { program: name, flag: valueWord ? `--strict-ssl ${value}` : w.value },
              fixData: edit && { edit, what: '--strict-ssl' },
            };
          }
          const set = configSet(args, name);
          if (set && /^(strict-ssl|strictSsl|enableStrictSsl)$/.test(set.key) && FALSE.test(set.value)) {
            yield { messageId: 'strictSsl', span: cmd.span, data: { program: name, key: set.key, value: set.value }, fixData: fixFor(model, run, cmd) };
          }
          continue;
        }
        if (name === 'conda' || name === 'mamba' || name === 'micromamba') {
          const i = args.findIndex((w) => w.value === '--set');
          if (args[0]?.value === 'config' && i >= 0 && args[i + 1]?.value === 'ssl_verify' && FALSE.test(args[i + 2]?.value ?? '')) {
            yield { messageId: 'tool', span: cmd.span, data: { command: `${name} config --set ssl_verify ${args[i + 2].value}`, program: name }, fixData: fixFor(model, run, cmd) };
          }
          continue;
        }
        if (name === 'composer') {
          const plain = args.filter((w) => !w.value.startsWith('-'));
          if (plain[0]?.value === 'config' && plain[1]?.value === 'disable-tls' && /^(true|1)$/.test(plain[2]?.value ?? '')) {
            yield { messageId: 'tool', span: cmd.span, data: { command: 'composer config disable-tls true', program: 'composer' }, fixData: fixFor(model, run, cmd) };
          }
          continue;
        }
        if (inv?.manager === 'apt') {
          for (const opt of [...inv.globalArgs.options, ...inv.args.options]) {
            if ((opt.name !== '-o' && opt.name !== '--option') || !opt.value) continue;
            APT_VERIFY_OFF.lastIndex = 0;
            if (!APT_VERIFY_OFF.test(opt.value)) continue;
            seen.add(opt.word);
            if (opt.valueWord) seen.add(opt.valueWord);
            const edit = removeOptionEdit(runSite(model, run, cmd), opt);
            yield { messageId: 'aptVerify', span: opt.word.span, data: { setting: `-o ${opt.value}` }, fixData: edit && { edit, what: `-o ${opt.value}` } };
          }
        }
        if (inv?.manager === 'yum' || name === 'yum-config-manager') {
          const options = inv ? [...inv.globalArgs.options, ...inv.args.options] : [];
          for (const opt of options) {
            if (opt.name !== '--setopt' || !opt.value) continue;
            SSLVERIFY_OFF.lastIndex = 0;
            const m = SSLVERIFY_OFF.exec(opt.value);
            if (!m?.[1] || m[0].length !== opt.value.length) continue;
            seen.add(opt.word);
            if (opt.valueWord) seen.add(opt.valueWord);
            const edit = removeOptionEdit(runSite(model, run, cmd), opt);
            yield { messageId: 'sslverify', span: opt.word.span, data: { setting: `--setopt=${opt.value}` }, fixData: edit && { edit, what: `--setopt=${opt.value}` } };
          }
        }
      }
      // Settings written into files or passed in other ways: `sslverify=0` in a .repo, apt.conf Verify-Peer "false".
      // Most RUNs have neither in any text: their texts are not searched one by one.
      if (!scriptTextsMayMatch(run, MAY_SET_VERIFY)) continue;
      for (const t of scriptTexts(model, run)) {
        if (!MAY_SET_VERIFY.test(t.text)) continue;
        if (t.word && (t.word.redirect || seen.has(t.word))) continue;
        if (onlyPrinted(t)) continue;
        const plain = t.text.replace(/\\[nt]/g, '  ');
        for (const re of [SSLVERIFY_OFF, APT_VERIFY_OFF]) {
          re.lastIndex = 0;
          for (let m = re.exec(plain); m; m = re.exec(plain)) {
            if (!m[1]) continue;
            yield { messageId: re === SSLVERIFY_OFF ? 'sslverify' : 'aptVerify', span: spanInText(t, m.index, m.index + m[0].length), data: { setting: m[0] } };
          }
        }
      }
    }
  },
  fix(report) {
    const data = report.fixData;
    if (!data) return [];
    return [{ title: `Remove ${data.what} (verify certificates)`, safe: true, edits: [data.edit] }];
  },
});

/** What a text must hold for SSLVERIFY_OFF or APT_VERIFY_OFF to report it (most texts hold neither). */
const MAY_SET_VERIFY = /sslverify|acquire::https::/i;

/** Programs besides package managers (managerInvocation) whose settings the check reads. */
const TLS_TOOLS = new Set(['uv', 'npm', 'yarn', 'pnpm', 'conda', 'mamba', 'micromamba', 'composer', 'yum-config-manager']);

/** Commands that only print their arguments or input. */
const PRINTERS = new Set(['echo', 'printf', 'cat']);

/** Text a command only prints to the build log (`echo "…"`, `cat <<EOF` with no file): it configures nothing. */
function onlyPrinted(t: ScriptText): boolean {
  const name = commandName(t.cmd)?.name;
  return name !== undefined && PRINTERS.has(name) && t.outputs.length === 0 && !t.pipedTo && !t.cmd.nested.length;
}

function fixFor(model: DockerfileModel, run: RunShell, cmd: ShellCommand): FixData | undefined {
  const edit = commandEdit(model, run, cmd);
  const words = cmd.words.filter((w) => !w.redirect).map((w) => w.value);
  return edit && { edit, what: `\`${words.join(' ')}\`` };
}
