import { defineRule } from '../languages/define-rule.js';
import { managerCommands, managerInvocation } from '../knowledge/package-managers.js';
import type { DockerfileModel } from '../languages/dockerfile.js';
import { type RunShell, type ShellCommand, commandName, runShell, runShells } from '../languages/shell.js';

/** Index refreshes whose result goes stale when the next install runs in a later, separately cached layer. */
function isIndexUpdate(cmd: ShellCommand): string | undefined {
  const inv = managerInvocation(cmd);
  if (!inv) return undefined;
  if ((inv.manager === 'apt' || inv.manager === 'apk') && inv.subcommand === 'update') return `${inv.program} update`;
  if (inv.manager === 'zypper' && (inv.subcommand === 'refresh' || inv.subcommand === 'ref')) return `${inv.program} ${inv.subcommand}`;
  if (inv.manager === 'yum' && inv.subcommand === 'makecache') return `${inv.program} makecache`;
  return undefined;
}

/** Commands that may follow the update without using it. */
const INERT = new Set(['rm', 'echo', 'true', ':', 'printf', 'set']);

/** A command after an update that may use the fresh index (anything but INERT ones and a package manager's clean-up). */
function mayUseUpdate(c: ShellCommand): boolean {
  const name = commandName(c)?.name;
  if (!name || INERT.has(name)) return false;
  const inv = managerInvocation(c);
  return !(inv && ['clean', 'autoclean', 'autoremove', 'cache'].includes(inv.subcommand ?? ''));
}

interface FixData {
  start: number;
  end: number;
  text: string;
}

/** Joins the next RUN to this one with `&&` and a continuation (the file's escape character), when both are plain shell-form RUNs with only white space between. */
function mergeFix(model: DockerfileModel, run: RunShell): FixData | undefined {
  const stage = run.instr.stage;
  if (!stage || run.exec || run.onbuild || run.instr.keyword !== 'RUN') return undefined;
  const next = stage.instructions[stage.instructions.indexOf(run.instr) + 1];
  const nextRun = next && next.keyword === 'RUN' ? runShell(model, next) : undefined;
  if (!nextRun || nextRun.exec || nextRun.flags.length) return undefined;
  const text = model.file.text;
  if (/<</.test(text.slice(run.scriptSpan.start, run.scriptSpan.end)) || /<</.test(text.slice(nextRun.scriptSpan.start, nextRun.scriptSpan.end))) return undefined;
  // `a && b; c` would hide a failed update: only a chain of && (or one command) is joined.
  if (nextRun.commands.some((c, i) => i > 0 && c.after !== '&&')) return undefined;
  const between = text.slice(run.scriptSpan.end, next.keywordSpan.start);
  if (between.trim() !== '') return undefined;
  // A trailing comment, `;` or `&` after the last command would swallow or break the joined `&&`.
  const last = run.commands[run.commands.length - 1];
  if (!last || text.slice(last.span.end, run.scriptSpan.end).trim() !== '') return undefined;
  return { start: run.scriptSpan.end, end: nextRun.scriptSpan.start, text: ` && ${model.escape}${model.file.eol}    ` };
}

export default defineRule({
  meta: {
    code: 'DF023',
    name: 'no-lone-package-update',
    language: 'dockerfile',
    scope: 'unit',
    title: 'Package index updated in a RUN of its own',
    why:
      'The build cache keeps a RUN apt-get update layer for as long as its line is unchanged, so later installs use a ' +
      'stale index and miss security updates. Update and install in the same RUN.',
    level: 'info',
    risk: 'low',
    tags: ['security', 'patching', 'CIS-4.7'],
    others: {
      trivy: ['DS-0017'],
      checkov: ['CKV_DOCKER_5'],
      kics: ['Update Instruction Alone'],
    },
    messages: {
      alone: '`{{command}}` is not followed by an install in the same RUN: the cached index goes stale. Update and install in one RUN.',
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const run of runShells(model)) {
      // Where the RUN's last command that may use an update starts (once per RUN: a RUN may hold thousands of updates).
      let lastUse: number | undefined;
      for (const cmd of managerCommands(run.all)) {
        const command = isIndexUpdate(cmd);
        if (!command) continue;
        lastUse ??= run.all.reduce((at, c) => (mayUseUpdate(c) ? Math.max(at, c.span.start) : at), -1);
        if (lastUse > cmd.span.end) continue;
        yield { messageId: 'alone', span: cmd.span, data: { command }, fixData: mergeFix(model, run) };
      }
    }
  },
  fix(report) {
    const data = report.fixData;
    if (!data) return [];
    return [{ title: 'Merge with the next RUN', safe: false, edits: [{ start: data.start, end: data.end, text: data.text }] }];
  },
});
