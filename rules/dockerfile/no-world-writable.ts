import { defineRule, type ReportOf } from '../languages/define-rule.js';
import { type ModeSetting, copyModeSettings, grantsWorldWrite, runModeSettings, setsSticky, withoutWorldWrite } from '../knowledge/file-modes.js';
import { type RunShell, argumentWords, commandsNamed, parseArgs, runShells } from '../languages/shell.js';

/** The path without trailing slashes (`/` stays `/`); a loop, not a regex, so a run of slashes stays linear. */
function trimSlashes(p: string): string {
  let end = p.length;
  while (end > 1 && p[end - 1] === '/') end--;
  return p.slice(0, end);
}

/** Paths an `rm` of the RUN deletes, as written (`"$tempDir"` is `$tempDir`), with where the rm is. */
function removedLater(run: RunShell): { path: string; at: number }[] {
  const out: { path: string; at: number }[] = [];
  for (const cmd of commandsNamed(run.all, 'rm')) {
    for (const w of parseArgs(argumentWords(cmd)).operands) out.push({ path: trimSlashes(w.value), at: cmd.span.start });
  }
  return out;
}

/** True when the RUN deletes every target after changing its mode: the mode never reaches a layer (a scratch dir). */
function deletedInSameRun(s: ModeSetting, removed: { path: string; at: number }[]): boolean {
  if (!s.targets.length) return false;
  return s.targets.every((t) => {
    const target = trimSlashes(t);
    return removed.some((r) => r.at > s.span.start && (target === r.path || target.startsWith(`${r.path}/`)));
  });
}

interface FixData {
  start: number;
  end: number;
  value: string;
  /** The value keeps world write and adds the sticky bit (a shared temp directory). */
  sticky: boolean;
}

/** Directories every user shares by design: they keep world write and need the sticky bit, as the system's own have. */
const SHARED_TEMP = new Set(['/tmp', '/var/tmp', '/dev/shm']);

/** A numeric mode with the sticky bit, for targets that are all shared temp directories (`chmod 777 /tmp` → 1777). */
function stickyMode(s: ModeSetting): string | undefined {
  if (s.mode.kind !== 'numeric' || !s.targets.length || !s.targets.every((t) => SHARED_TEMP.has(trimSlashes(t)))) return undefined;
  return (s.mode.bits | 0o1000).toString(8);
}

function report(s: ModeSetting): ReportOf<{ worldWritable: { where: string } }, FixData> {
  const sticky = stickyMode(s);
  const value = sticky ?? withoutWorldWrite(s.mode);
  const fixData: FixData | undefined = value && s.modeSpan ? { start: s.modeSpan.start, end: s.modeSpan.end, value, sticky: sticky !== undefined } : undefined;
  const where = s.tool === 'COPY' || s.tool === 'ADD' ? `${s.tool} --chmod=${s.modeText}` : `${s.tool} ${s.modeText}`;
  return { messageId: 'worldWritable', span: s.span, data: { where }, fixData };
}

export default defineRule({
  meta: {
    code: 'DF017',
    name: 'no-world-writable',
    language: 'dockerfile',
    scope: 'unit',
    title: 'World-writable files or directories',
    why:
      'Files any user can write let any process in the container, whatever its user, change programs, configuration ' +
      'or data the main process trusts. Directories shared on purpose should carry the sticky bit like /tmp (1777).',
    level: 'warning',
    risk: 'medium',
    tags: ['security', 'filesystem', 'CWE-732'],
    others: {},
    messages: {
      worldWritable: '`{{where}}` makes files writable by every user. Give write access to the owner or group that needs it.',
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const run of runShells(model)) {
      const settings = runModeSettings(model, run);
      const removed = settings.length ? removedLater(run) : [];
      for (const s of settings) {
        // 1777/a+t: a shared directory like /tmp, where the sticky bit stops users deleting each other's files.
        if (grantsWorldWrite(s.mode) && !setsSticky(s.mode) && !deletedInSameRun(s, removed)) yield report(s);
      }
    }
    for (const instr of model.instructions) {
      for (const s of copyModeSettings(model, instr)) {
        if (grantsWorldWrite(s.mode) && !setsSticky(s.mode)) yield report(s);
      }
    }
  },
  fix(r) {
    const data = r.fixData;
    if (!data) return [];
    const title = data.sticky ? `Use mode ${data.value} (the sticky bit of a shared temp directory)` : `Use mode ${data.value} (no write for others)`;
    return [{ title, safe: false, edits: [{ start: data.start, end: data.end, text: data.value }] }];
  },
});
