import { defineRule, type ReportOf } from '../languages/define-rule.js';
import { type ModeSetting, copyModeSettings, runModeSettings, setIdBits, setsSticky, withoutSetId } from '../knowledge/file-modes.js';
import { runShells } from '../languages/shell.js';

interface FixData {
  start: number;
  end: number;
  value: string;
}

/** A report when the setting adds setuid/setgid to files (not to directories, where setgid only sets the group of new files). */
function check(s: ModeSetting): ReportOf<{ setId: { where: string; bits: string } }, FixData> | undefined {
  const { setuid, setgid } = setIdBits(s.mode);
  if (!setuid && !setgid) return undefined;
  // On directories setuid is ignored and setgid means "new files get the directory's group"; sticky marks a directory too.
  if (s.directories || setsSticky(s.mode)) return undefined;
  const value = withoutSetId(s.mode);
  const fixData: FixData | undefined = value && s.modeSpan ? { start: s.modeSpan.start, end: s.modeSpan.end, value } : undefined;
  const where = s.tool === 'COPY' || s.tool === 'ADD' ? `${s.tool} --chmod=${s.modeText}` : `${s.tool} ${s.modeText}`;
  const bits = setuid && setgid ? 'setuid and setgid' : setuid ? 'setuid' : 'setgid';
  return { messageId: 'setId', span: s.span, data: { where, bits }, fixData };
}

export default defineRule({
  meta: {
    code: 'DF013',
    name: 'no-setuid-bits',
    language: 'dockerfile',
    scope: 'unit',
    title: 'setuid or setgid bit added',
    why:
      "A setuid/setgid program runs with its owner's or group's rights whoever starts it, so a flaw in it lets an " +
      'unprivileged process in the container become root. Images should not add such programs.',
    level: 'warning',
    risk: 'high',
    tags: ['security', 'privilege', 'CIS-4.8', 'CWE-250'],
    others: {},
    messages: {
      setId: "`{{where}}` adds the {{bits}} bit: the program runs with its owner's rights whoever starts it.",
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const run of runShells(model)) {
      for (const s of runModeSettings(model, run)) {
        const r = check(s);
        if (r) yield r;
      }
    }
    for (const instr of model.instructions) {
      for (const s of copyModeSettings(model, instr)) {
        const r = check(s);
        if (r) yield r;
      }
    }
  },
  fix(r) {
    const data = r.fixData;
    if (!data) return [];
    return [{ title: `Use mode ${data.value} (no setuid/setgid)`, safe: false, edits: [{ start: data.start, end: data.end, text: data.value }] }];
  },
});
