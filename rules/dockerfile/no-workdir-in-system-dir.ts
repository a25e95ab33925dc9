import { defineRule } from '../languages/define-rule.js';
import { type DInstruction, type DockerfileModel, ownOrTrigger, resolveAt, type Stage, stageChain } from '../languages/dockerfile.js';

/**
 * Directories the kernel or the runtime owns: /proc, /sys and /dev are mounted over at run time (what
 * the image puts there is hidden or, worse, writes land in the kernel's view); /boot, /initrd and
 * /lost+found belong to the host's boot and file system checks, never to an application.
 */
const SYSTEM_DIRS = ['/proc', '/sys', '/dev', '/boot', '/initrd', '/lost+found'];

function unquote(text: string): string {
  const t = text.trim();
  return t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0] ? t.slice(1, -1) : t;
}

/** `/a/./b//../c/` → `/a/c`; relative paths are joined to `cwd` first, as WORKDIR does. */
function normalisePath(path: string, cwd: string): string {
  const full = path.startsWith('/') ? path : `${cwd.replace(/(?<!\/)\/+$/, '')}/${path}`;
  const out: string[] = [];
  for (const seg of full.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

function systemDirOf(path: string): string | undefined {
  return SYSTEM_DIRS.find((d) => path === d || path.startsWith(`${d}/`));
}

export default defineRule({
  meta: {
    code: 'DF060',
    name: 'no-workdir-in-system-dir',
    language: 'dockerfile',
    scope: 'unit',
    title: 'WORKDIR in a system directory',
    why:
      'A working directory under /proc, /sys, /dev, /boot, /initrd or /lost+found puts the application inside ' +
      'directories the kernel or the host owns: files are hidden by run-time mounts or written where they can reach the host.',
    level: 'warning',
    risk: 'high',
    tags: ['security', 'CWE-668'],
    others: {
      trivy: ['DS-0030'],
    },
    messages: {
      systemDir: 'WORKDIR {{path}} is inside {{dir}}, which the kernel or the host owns. Use an application directory such as /app or /srv/<name>.',
    },
  },
  *check({ model }) {
    // Every stage: a build stage working in /proc or /dev is as broken as the final one.
    const cwdAtEnd = new Map<Stage, string | undefined>();
    // A stage built FROM another starts in that stage's working directory; scratch starts at /; an
    // image's WORKDIR is unknown, so relative paths are only judged after an absolute one.
    const cwdAtStart = (stage: Stage): string | undefined => (stage.base.kind === 'stage' ? endCwd(stage.base.stage) : stage.base.kind === 'scratch' ? '/' : undefined);
    // Base stages are walked whether listed or not: a unit-scoped run lists only the changed stages.
    const endCwd = (stage: Stage): string | undefined => {
      if (!cwdAtEnd.has(stage)) {
        // Down from the nearest stage whose working directory is known (linear over all calls).
        for (const s of stageChain(stage, (known) => cwdAtEnd.has(known)).reverse()) {
          let cwd = cwdAtStart(s);
          for (const instr of s.instructions) if (instr.keyword === 'WORKDIR') cwd = check(model, instr, cwd).path;
          cwdAtEnd.set(s, cwd);
        }
      }
      return cwdAtEnd.get(stage);
    };
    for (const stage of model.stages) {
      let cwd = cwdAtStart(stage);
      for (const instr of stage.instructions) {
        const checked = check(model, instr, cwd);
        if (checked.report) yield checked.report;
        if (instr.keyword === 'WORKDIR') cwd = checked.path;
      }
      cwdAtEnd.set(stage, cwd);
    }
  },
});

/** The WORKDIR path an instruction sets (undefined when unknown) and a report if it is a system directory. */
function check(model: DockerfileModel, instr: DInstruction, cwd: string | undefined) {
  const workdir = ownOrTrigger(instr, 'WORKDIR');
  if (!workdir) return { path: cwd };
  const { node, onbuild } = workdir;
  const range = node.getArgumentsRange();
  if (!range) return { path: undefined };
  const span = model.file.spanOf(range);
  const written = unquote(model.file.text.slice(span.start, span.end));
  // ONBUILD runs in a child image: its variables and working directory are not this file's.
  const resolved = onbuild ? { value: written, unknown: written.includes('$') } : resolveAt(model, instr, written);
  if (resolved.unknown || !resolved.value) return { path: onbuild ? cwd : undefined };
  const base = onbuild ? undefined : cwd;
  if (!resolved.value.startsWith('/') && base === undefined) return { path: onbuild ? cwd : undefined };
  const path = normalisePath(resolved.value, base ?? '/');
  const dir = systemDirOf(path);
  const report = dir ? { messageId: 'systemDir' as const, span, data: { path: path === written ? written : `${written} (= ${path})`, dir } } : undefined;
  return { path: onbuild ? cwd : path, report };
}
