import { type DInstruction, type DockerfileModel, resolveAt, type Stage, stageChain } from './dockerfile.js';
import { normalizePath } from './paths.js';

/**
 * Paths inside the image as instructions see them: the WORKDIR in force, `~`, and relative paths.
 * When the stage never sets WORKDIR the base image's one is unknown: relative paths then resolve
 * under the placeholder `UNKNOWN_WORKDIR`, so two relative paths of the same stage still compare
 * equal while never matching an absolute one.
 */

export const UNKNOWN_WORKDIR = '/<workdir>';

/** Stages from the one built on an external image down to `stage` (root first). */
function chainRootFirst(stage: Stage): Stage[] {
  return stageChain(stage).reverse();
}

/** Instructions that run before `instr` in its image: earlier stages of its chain, then its own stage. */
export function instructionsBefore(instr: DInstruction): DInstruction[] {
  const stage = instr.stage;
  if (!stage) return [];
  const out: DInstruction[] = [];
  for (const s of chainRootFirst(stage)) {
    if (s === stage) {
      const idx = s.instructions.indexOf(instr);
      out.push(...s.instructions.slice(0, idx < 0 ? s.instructions.length : idx));
    } else {
      out.push(...s.instructions);
    }
  }
  return out;
}

/** Resolves `$VAR` with the ARG/ENV values the parser knows at that line; undefined when unknown. */
export function expandAt(model: DockerfileModel, instr: DInstruction, text: string): string | undefined {
  if (!text.includes('$')) return text;
  const r = resolveAt(model, instr, text);
  return r.unknown ? undefined : r.value;
}

/** The WORKDIR in force when `instr` runs (UNKNOWN_WORKDIR when no WORKDIR is set; undefined when unresolvable). */
export function workdirAt(model: DockerfileModel, instr: DInstruction): string | undefined {
  let wd = UNKNOWN_WORKDIR;
  for (const i of instructionsBefore(instr)) {
    if (i.keyword !== 'WORKDIR') continue;
    const raw = (i.node.getArgumentsContent() ?? '').trim();
    const value = expandAt(model, i, raw);
    if (value === undefined) return undefined;
    wd = value.startsWith('/') ? normalizePath(value) : normalizePath(`${wd}/${value}`);
  }
  return wd;
}

/** The home directory of the USER in force at `instr`: `/root` for root or no USER, `/home/<name>` otherwise. */
export function homeAt(model: DockerfileModel, instr: DInstruction): string {
  const user = model.userAt(instr);
  if (!user || user.isRoot !== false) return '/root';
  return /^\d+$/.test(user.user) ? '/<home>' : `/home/${user.user}`;
}

/**
 * An absolute path for `p` as a command or instruction at `instr` means it: `~` and `$HOME` become
 * the home directory, relative paths join `cwd` (default: the WORKDIR). Undefined when unknowable.
 */
export function resolveImagePath(model: DockerfileModel, instr: DInstruction, p: string, cwd?: string): string | undefined {
  let path = p;
  const home = homeAt(model, instr);
  if (path === '~' || path.startsWith('~/')) path = home + path.slice(1);
  else if (/^\$\{?HOME\}?(?:\/|$)/.test(path)) path = home + path.replace(/^\$\{?HOME\}?/, '');
  if (path.includes('$')) {
    const expanded = expandAt(model, instr, path);
    if (expanded === undefined) return undefined;
    path = expanded;
  }
  if (path.startsWith('/')) return normalizePath(path);
  const base = cwd ?? workdirAt(model, instr);
  return base === undefined ? undefined : normalizePath(`${base}/${path}`);
}

/** True when `path` is `dir` or lies under it. */
export function isUnder(path: string, dir: string): boolean {
  if (dir === '/') return path.startsWith('/');
  return path === dir || path.startsWith(`${dir}/`);
}
