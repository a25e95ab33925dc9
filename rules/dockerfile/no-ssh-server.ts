import { defineRule } from '../languages/define-rule.js';
import type { Edit } from '../engine/types.js';
import { type Manager, mayBeManager, packageInstall, packageSpec } from '../knowledge/package-managers.js';
import { type DInstruction, stageChain } from '../languages/dockerfile.js';
import { type ShellCommand, allCommands, argumentWords, commandName, commandsWhere, finalImageStages, instructionCommands, finalImageRuns } from '../languages/shell.js';
import { removeWordsEdit, runSite } from '../languages/shell-edit.js';

/** SSH server packages; `ssh` (Debian) and `openssh` (Alpine) are metapackages that pull the server in. */
function isSshServer(manager: Manager, name: string): boolean {
  const n = name.toLowerCase();
  if (n === 'openssh-server' || n === 'openssh-server-pam' || n === 'dropbear') return true;
  if (manager === 'apt' && n === 'ssh') return true;
  if (manager === 'apk' && n === 'openssh') return true;
  return false;
}

/** `sshd`, `dropbear`, `service ssh start`, `rc-service sshd start`, `/etc/init.d/ssh start`, `systemctl enable ssh`. */
function startsSshd(cmd: ShellCommand): boolean {
  const name = commandName(cmd)?.name;
  const args = argumentWords(cmd).map((w) => w.value);
  if (name === 'sshd' || name === 'dropbear') return true;
  if ((name === 'service' || name === 'rc-service') && /^(ssh|sshd|dropbear)$/.test(args[0] ?? '')) return args[1] === 'start' || args[1] === 'restart';
  if ((name === 'ssh' || name === 'sshd') && cmd.words.some((w) => w.value.startsWith('/etc/init.d/'))) return args.includes('start');
  if (name === 'systemctl') return (args.includes('enable') || args.includes('start')) && args.some((a) => /^(ssh|sshd)(\.service)?$/.test(a));
  return false;
}

interface FixData {
  edit: Edit;
  pkg: string;
}

export default defineRule({
  meta: {
    code: 'DF016',
    name: 'no-ssh-server',
    language: 'dockerfile',
    title: 'SSH server in the image',
    why:
      'An SSH daemon in a container is one more service to patch, configure and expose, with its own credentials. ' +
      'Use `docker exec` (or kubectl exec) to get a shell in a running container instead.',
    level: 'warning',
    risk: 'medium',
    tags: ['security', 'attack-surface', 'CIS-5.7', 'CIS-4.3'],
    others: {},
    messages: {
      install: '`{{pkg}}` installs an SSH server in the image. Use `docker exec` to reach containers instead.',
      start: '{{where}} starts an SSH server in the container. Use `docker exec` to reach containers instead.',
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    // The CMD and ENTRYPOINT in force: the last ones of the final stage, else of the stage it is built FROM.
    const effective = new Map<string, DInstruction>();
    for (const s of model.finalStage ? stageChain(model.finalStage) : []) {
      for (const instr of [...s.instructions].reverse()) {
        if ((instr.keyword === 'CMD' || instr.keyword === 'ENTRYPOINT') && !effective.has(instr.keyword)) effective.set(instr.keyword, instr);
      }
    }
    const starts = [...effective.values()].flatMap((instr) =>
      allCommands(instructionCommands(model, instr))
        .filter(startsSshd)
        .map((cmd) => ({ instr, cmd })),
    );
    const stages = finalImageStages(model);
    for (const run of finalImageRuns(model)) {
      if (!run.onbuild && !(run.instr.stage && stages.has(run.instr.stage))) continue;
      for (const cmd of commandsWhere(run.all, (n) => mayBeManager(n) || n === 'systemctl')) {
        const install = packageInstall(cmd);
        if (install) {
          for (const word of install.packages) {
            const spec = packageSpec(install.manager, word.value);
            if (spec.kind === 'other' || !isSshServer(install.manager, spec.name)) continue;
            // An image whose CMD/ENTRYPOINT starts the server would not start without it: no fix then.
            const edit = install.packages.length > 1 && !starts.length ? removeWordsEdit(runSite(model, run, cmd), [word.span]) : undefined;
            yield { messageId: 'install', span: word.span, data: { pkg: word.value }, fixData: edit && ({ edit, pkg: word.value } satisfies FixData) };
          }
        } else if (commandName(cmd)?.name === 'systemctl' && startsSshd(cmd)) {
          yield { messageId: 'start', span: cmd.span, data: { where: '`systemctl`' } };
        }
      }
    }
    for (const { instr, cmd } of starts) yield { messageId: 'start', span: cmd.span, data: { where: instr.keyword } };
  },
  fix(report) {
    const data = report.fixData;
    if (!data) return [];
    return [{ title: `Do not install ${data.pkg}`, safe: false, edits: [data.edit] }];
  },
});
