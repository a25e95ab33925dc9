import { defineRule, message } from '../languages/define-rule.js';
import type { Edit } from '../engine/types.js';
import { imageFamily, runsAsNonRootByDefault } from '../knowledge/image-families.js';
import type { DockerfileModel } from '../languages/dockerfile.js';
import { type RunShell, type ShellCommand, commandName, commandsWhere, runShells } from '../languages/shell.js';
import { removeWordsEdit, runSite } from '../languages/shell-edit.js';

/** sudo options that do not change who runs the command or what it reads: dropping them with sudo keeps behaviour. */
const HARMLESS = new Set(['-E', '-H', '-n', '-EH', '-HE', '--preserve-env', '--non-interactive', '--set-home']);

interface FixData {
  edit: Edit;
  safe: boolean;
}

/** Whether the RUN runs as root: true, false, or undefined when the base image's default user is not known. */
function runsAsRoot(model: DockerfileModel, run: RunShell): boolean | undefined {
  if (run.onbuild) return undefined; // runs in a child image, under whatever USER it sets
  const user = model.userAt(run.instr);
  if (user) return user.isRoot;
  const stage = run.instr.stage;
  if (!stage) return undefined;
  const base = model.rootBase(stage);
  if (base.kind === 'scratch') return true;
  if (base.kind !== 'image' || base.unknown || runsAsNonRootByDefault(base.image)) return undefined;
  const family = imageFamily(base.image);
  // Official OS and language images start as root; others (bitnami, jenkins…) may not.
  return family === 'alpine' || family === 'debian' || family === 'rhel' ? true : undefined;
}

/** The `sudo` word and its options, up to the command it wraps; undefined when an option changes the user or shell. */
function sudoWords(cmd: ShellCommand, nameIndex: number): { first: number; last: number; harmless: boolean } | undefined {
  const first = cmd.words.findIndex((w, i) => i < nameIndex && !w.redirect && (w.value === 'sudo' || w.value.endsWith('/sudo')));
  if (first < 0) return undefined;
  let last = first;
  let harmless = true;
  for (let i = first + 1; i < nameIndex; i++) {
    const v = cmd.words[i].value;
    if (!v.startsWith('-')) break;
    last = i;
    if (v === '-u' || v === '--user') {
      if (cmd.words[i + 1]?.value !== 'root' && cmd.words[i + 1]?.value !== '0') harmless = false;
      last = ++i;
      continue;
    }
    if (/^(-u|--user=)(root|0)$/.test(v)) continue;
    if (v === '--') break;
    if (!HARMLESS.has(v)) harmless = false;
  }
  return { first, last, harmless };
}

export default defineRule({
  meta: {
    code: 'DF011',
    name: 'no-sudo',
    language: 'dockerfile',
    scope: 'unit',
    title: 'sudo used in RUN',
    why:
      'RUN steps already run as the current USER; switching with USER root is explicit and auditable. sudo in a build ' +
      'means either it is not needed (already root) or the image user can become root at run time too.',
    level: 'info',
    risk: 'medium',
    tags: ['security', 'privilege', 'CWE-250'],
    others: {
      hadolint: ['DL3004'],
      trivy: ['DS-0010'],
      checkov: ['CKV2_DOCKER_1'],
      kics: ['Run Using Sudo'],
      semgrep: ['no-sudo-in-dockerfile'],
    },
    messages: {
      asRoot: '`sudo` is not needed: this RUN already runs as root.',
      asUser: message(
        '`sudo` runs this as root while USER is {{user}}: the image lets that user become root. ',
        'Put root steps before USER {{user}} (or switch with USER root and back) and do not install sudo.',
      ),
      unknown: '`sudo` in RUN: switch users with USER instead, and do not ship sudo in the image.',
    },
    fix: 'both',
  },
  *check({ model }) {
    for (const run of runShells(model)) {
      // Who runs the step is only worked out when it uses sudo (it walks the stage).
      let root: boolean | undefined | null = null;
      // sudo is a word before the name (it is skipped as a wrapper).
      for (const cmd of commandsWhere(run.all, () => false, true)) {
        const name = commandName(cmd);
        if (!name) continue;
        const sudo = sudoWords(cmd, name.index);
        if (!sudo) continue;
        if (root === null) root = runsAsRoot(model, run);
        const span = cmd.words[sudo.first].span;
        let fixData: FixData | undefined;
        const edit =
          sudo.harmless && root !== false
            ? removeWordsEdit(
                runSite(model, run, cmd),
                cmd.words.slice(sudo.first, sudo.last + 1).map((w) => w.span),
              )
            : undefined;
        if (edit) fixData = { edit, safe: root === true };
        if (root === true) yield { messageId: 'asRoot', span, fixData };
        else if (root === false) yield { messageId: 'asUser', span, data: { user: model.userAt(run.instr)?.value ?? '' } };
        else yield { messageId: 'unknown', span, fixData };
      }
    }
  },
  fix(report) {
    const data = report.fixData;
    if (!data) return [];
    return [{ title: data.safe ? 'Remove sudo (already root)' : 'Remove sudo (check the base image runs as root)', safe: data.safe, edits: [data.edit] }];
  },
});
