import { defineRule } from '../languages/define-rule.js';
import type { Edit } from '../engine/types.js';
import { installsPackage, managerCommands, packageInstall } from '../knowledge/package-managers.js';
import { accountValueOptions } from '../knowledge/account-options.js';
import { argumentWords, commandName, commandsNamed, finalImageStages, parseArgs, finalImageRuns, scriptTexts, scriptTextsMayMatch, spanInText } from '../languages/shell.js';
import { removeWordsEdit, runSite } from '../languages/shell-edit.js';

const SUDO_PACKAGES = new Set(['sudo', 'sudo-ldap', 'doas', 'opendoas']);
const ADMIN_GROUPS = new Set(['sudo', 'wheel', 'admin']);
const SUDOERS_NOPASSWD = /NOPASSWD\s*:/g;
const DOAS_PERMIT = /permit\s+/g;
/** What a text must hold for noPasswordSettings to find anything. */
const MAY_SKIP_PASSWORD = /NOPASSWD|permit/;

/**
 * `… NOPASSWD: …` in sudoers and `permit … nopass …` in doas.conf: the matches of
 * `/NOPASSWD\s*:|permit\s+(?:\S+\s+)*nopass\b/g`, found in one pass. That regex reads on to the end of
 * the text from every `permit` (quadratic on `permit permit …`) and, being greedy, ends a `permit`
 * match at the last `nopass` word of the text.
 */
function noPasswordSettings(text: string): { index: number; text: string }[] {
  // Neither pattern can match (most texts: every word of every RUN is searched).
  if (!text.includes('NOPASSWD') && !text.includes('permit')) return [];
  // The last `nopass` word: after a blank, not followed by a word character (`\b`).
  let lastNopass = -1;
  for (let i = text.lastIndexOf('nopass'); i > 0; i = text.lastIndexOf('nopass', i - 1)) {
    if (/\s/.test(text[i - 1]) && !/\w/.test(text[i + 6] ?? '')) {
      lastNopass = i;
      break;
    }
  }
  const out: { index: number; text: string }[] = [];
  const next = (re: RegExp, from: number) => {
    re.lastIndex = from;
    return re.exec(text) ?? undefined;
  };
  let sudoers = next(SUDOERS_NOPASSWD, 0);
  let doas = next(DOAS_PERMIT, 0);
  // A `permit` without a `nopass` word after it: no later `permit` has one either.
  if (doas && doas.index + doas[0].length > lastNopass) doas = undefined;
  while (sudoers || doas) {
    if (doas && (!sudoers || doas.index < sudoers.index)) {
      out.push({ index: doas.index, text: text.slice(doas.index, lastNopass + 6) });
      doas = undefined;
      if (sudoers && sudoers.index < lastNopass + 6) sudoers = next(SUDOERS_NOPASSWD, lastNopass + 6);
    } else if (sudoers) {
      out.push({ index: sudoers.index, text: sudoers[0] });
      const end = sudoers.index + sudoers[0].length;
      sudoers = next(SUDOERS_NOPASSWD, end);
      if (doas && doas.index < end) {
        doas = next(DOAS_PERMIT, end);
        if (doas && doas.index + doas[0].length > lastNopass) doas = undefined;
      }
    }
  }
  return out;
}

interface FixData {
  edit: Edit;
  pkg: string;
}

export default defineRule({
  meta: {
    code: 'DF015',
    name: 'no-sudo-package',
    language: 'dockerfile',
    title: 'sudo installed or passwordless sudo granted',
    why: "sudo (or doas) in an image, above all with NOPASSWD, lets the container's non-root user become root whenever " + 'it wants, which undoes the point of USER.',
    level: 'warning',
    risk: 'high',
    tags: ['security', 'privilege', 'CWE-250', 'CWE-269'],
    others: {},
    messages: {
      install: '`{{pkg}}` is installed in the image: its user can become root. Do root work in RUN steps before USER instead.',
      noPassword: '`{{setting}}` lets a user run anything as root without a password.',
      adminGroup: '`{{command}}` adds a user to the {{group}} group, which may use {{tool}} to become root.',
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    const stages = finalImageStages(model);
    const runs = finalImageRuns(model).filter((r) => r.onbuild || (r.instr.stage !== undefined && stages.has(r.instr.stage)));
    let tool: string | undefined;
    for (const run of runs) {
      for (const cmd of managerCommands(run.all)) {
        const install = packageInstall(cmd);
        if (!install) continue;
        for (const word of installsPackage(install, SUDO_PACKAGES)) {
          tool ??= word.value.includes('doas') ? 'doas' : 'sudo';
          const only = install.packages.length === 1;
          const edit = only ? undefined : removeWordsEdit(runSite(model, run, cmd), [word.span]);
          yield { messageId: 'install', span: word.span, data: { pkg: word.value }, fixData: edit && ({ edit, pkg: word.value } satisfies FixData) };
        }
      }
    }
    for (const run of runs) {
      // Most RUNs have neither word in any text: their texts are not searched one by one.
      if (scriptTextsMayMatch(run, MAY_SKIP_PASSWORD)) {
        for (const t of scriptTexts(model, run)) {
          if (t.word?.redirect) continue;
          for (const m of noPasswordSettings(t.text)) {
            yield { messageId: 'noPassword', span: spanInText(t, m.index, m.index + m.text.length), data: { setting: m.text.trim() } };
          }
        }
      }
      // Group membership only matters when the image has sudo/doas.
      if (!tool) continue;
      for (const cmd of commandsNamed(run.all, 'usermod', 'useradd', 'gpasswd', 'adduser', 'addgroup')) {
        const name = commandName(cmd)?.name;
        const args = argumentWords(cmd);
        let group: string | undefined;
        if (name === 'usermod' || name === 'useradd') {
          const opt = parseArgs(args, { withValue: accountValueOptions(name) }).options.find((o) => o.name === '-G' || o.name === '--groups');
          group = opt?.value?.split(',').find((g) => ADMIN_GROUPS.has(g));
        } else if (name === 'gpasswd') {
          const i = args.findIndex((w) => w.value === '-a' || w.value === '--add');
          if (i >= 0 && ADMIN_GROUPS.has(args[i + 2]?.value ?? '')) group = args[i + 2].value;
        } else if (name === 'adduser' || name === 'addgroup') {
          const operands = args.filter((w) => !w.value.startsWith('-'));
          if (operands.length === 2 && ADMIN_GROUPS.has(operands[1].value)) group = operands[1].value;
        }
        if (group) {
          const command = cmd.words
            .filter((w) => !w.redirect)
            .map((w) => w.value)
            .join(' ');
          yield { messageId: 'adminGroup', span: cmd.span, data: { command, group, tool } };
        }
      }
    }
  },
  fix(report) {
    const data = report.fixData;
    if (!data) return [];
    return [{ title: `Do not install ${data.pkg}`, safe: false, edits: [data.edit] }];
  },
});
