import { type DInstruction, type DockerfileModel, resolveAt, type Stage } from './dockerfile.js';
import { normalizePath } from './paths.js';

/**
 * Paths inside the image as instructions see them: the WORKDIR in force, `~`, and relative paths.
 * When the stage never sets WORKDIR the base image's one is unknown: relative paths then resolve
 * under the placeholder `UNKNOWN_WORKDIR`, so two relative paths of the same stage still compare
 * equal while never matching an absolute one.
 */

export const UNKNOWN_WORKDIR = '/<workdir>';

/** The image state an instruction runs in, as left by the instructions before it. */
export interface StateAt {
  /** WORKDIR (UNKNOWN_WORKDIR when none was set; undefined when unresolvable). */
  workdir: string | undefined;
  /** The last USER instruction in force, if any. */
  user: DInstruction | undefined;
  /** The last SHELL instruction in force, if any. */
  shell: DInstruction | undefined;
}

const stateCache = new WeakMap<DockerfileModel, Map<DInstruction, StateAt>>();
const endStateCache = new WeakMap<DockerfileModel, Map<Stage, StateAt>>();

/** One pass over the stages (a stage built FROM another starts where it ended): linear in the file. */
function states(model: DockerfileModel): Map<DInstruction, StateAt> {
  let map = stateCache.get(model);
  if (map) return map;
  map = new Map();
  const atEnd = new Map<Stage, StateAt>();
  // Base stages first, listed or not: a unit-scoped run lists only the changed stages (dockerfile-unit-keys.ts).
  const order: Stage[] = [];
  const placed = new Set<Stage>();
  for (const stage of model.stages) {
    const pending: Stage[] = [];
    for (let s: Stage | undefined = stage; s && !placed.has(s); s = s.base.kind === 'stage' ? s.base.stage : undefined) {
      placed.add(s);
      pending.push(s);
    }
    order.push(...pending.reverse());
  }
  for (const stage of order) {
    const inherited = stage.base.kind === 'stage' ? atEnd.get(stage.base.stage) : undefined;
    let state: StateAt = inherited ?? { workdir: UNKNOWN_WORKDIR, user: undefined, shell: undefined };
    for (const instr of stage.instructions) {
      map.set(instr, state);
      if (instr.keyword === 'WORKDIR') {
        const value = expandAt(model, instr, (instr.node.getArgumentsContent() ?? '').trim());
        const wd = value === undefined || state.workdir === undefined ? undefined : value.startsWith('/') ? normalizePath(value) : normalizePath(`${state.workdir}/${value}`);
        state = { ...state, workdir: wd };
      } else if (instr.keyword === 'USER') state = { ...state, user: instr };
      else if (instr.keyword === 'SHELL') state = { ...state, shell: instr };
    }
    atEnd.set(stage, state);
  }
  stateCache.set(model, map);
  endStateCache.set(model, atEnd);
  return map;
}

export function stateAt(model: DockerfileModel, instr: DInstruction): StateAt {
  return states(model).get(instr) ?? { workdir: UNKNOWN_WORKDIR, user: undefined, shell: undefined };
}

/** Resolves `$VAR` with the ARG/ENV values the parser knows at that line; undefined when unknown. */
export function expandAt(model: DockerfileModel, instr: DInstruction, text: string): string | undefined {
  if (!text.includes('$')) return text;
  const r = resolveAt(model, instr, text);
  return r.unknown ? undefined : r.value;
}

/** The WORKDIR a container of `stage` starts in (UNKNOWN_WORKDIR when none is set; undefined when unresolvable). */
export function workdirAtEnd(model: DockerfileModel, stage: Stage): string | undefined {
  states(model);
  return (endStateCache.get(model)?.get(stage) ?? { workdir: UNKNOWN_WORKDIR }).workdir;
}

/** The WORKDIR in force when `instr` runs (UNKNOWN_WORKDIR when no WORKDIR is set; undefined when unresolvable). */
export function workdirAt(model: DockerfileModel, instr: DInstruction): string | undefined {
  return stateAt(model, instr).workdir;
}

/** The home directory of the USER in force at `instr`: `/root` for root or no USER, `/home/<name>` otherwise. */
export function homeAt(model: DockerfileModel, instr: DInstruction): string {
  const userInstr = stateAt(model, instr).user;
  if (!userInstr) return '/root';
  let home = homeCache.get(userInstr);
  if (home === undefined) {
    // userAt looks back from the instruction after the USER: the USER itself is the first it finds.
    const list = userInstr.stage?.instructions ?? [];
    const next = list[list.indexOf(userInstr) + 1];
    const user = next ? model.userAt(next) : userInstr.stage ? model.stageUser(userInstr.stage) : undefined;
    home = user?.isRoot !== false ? '/root' : /^\d+$/.test(user.user) ? '/<home>' : `/home/${user.user}`;
    homeCache.set(userInstr, home);
  }
  return home;
}

const homeCache = new WeakMap<DInstruction, string>();

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
