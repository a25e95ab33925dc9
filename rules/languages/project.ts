/**
 * The project model: what one file means for the others around it, read only through the files
 * view (`ctx.files`) — a Compose service's `build:` → the Dockerfile it builds, a build context's
 * `.dockerignore`, `.env`/`env_file` contents, `.gitignore`. Nothing here reads the disk: the CLI
 * backs the view with the file system, the language server with open documents first.
 *
 * Everything that cannot be known (a `${VAR}` the project does not define, a remote build context,
 * a file that cannot be read) comes back as undefined, and rules stay silent.
 */
import type { Instruction } from 'dockerfile-ast';
import { SourceText } from '../engine/source.js';
import type { FilesView, OtherFileChange, Span } from '../engine/types.js';
import { type ComposeModel, DEFAULT_COMPOSE_NAMES, DEFAULT_OVERRIDE_NAMES, type EffectiveService, type EffectiveValue, parseCompose } from './compose.js';
import { type DInstruction, type DockerfileModel, parseDockerfile, type Stage } from './dockerfile.js';
import { DockerIgnore as IgnoreMatcher, matchSegments, parseDockerignore } from './dockerignore.js';
import { ignorePattern } from './ignore-pattern.js';
import { dirname, joinPath, relativeInside } from './paths.js';

// ---------------------------------------------------------------------------------------------
// Compose `build:` → Dockerfile

export interface BuildInfo {
  /** The effective `build` value (its `span` is where findings about the build go in the linted file). */
  value: EffectiveValue;
  /** Absolute context directory. */
  context: string;
  /** Absolute Dockerfile path; undefined for `dockerfile_inline`. */
  dockerfilePath: string | undefined;
  /** `build.target`, when set. */
  target: string | undefined;
}

export interface BuiltDockerfile extends BuildInfo {
  model: DockerfileModel;
  /** The stage the service runs: `build.target`, else the final stage. */
  stage: Stage;
}

/** Remote contexts (`https://…`, `git@…`, `github.com/…`) cannot be looked at. */
function isRemoteContext(text: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i.test(text);
}

/** Where a service's build context and Dockerfile are; undefined when the service does not build or it cannot be known. */
export function buildInfo(_model: ComposeModel, svc: EffectiveService): BuildInfo | undefined {
  const value = svc.get('build');
  if (!value) return undefined;
  const text = (v: EffectiveValue | undefined): string | undefined | null => {
    if (!v) return null;
    const r = v.interpolated();
    return r && !r.unknown ? r.value : undefined;
  };
  const contextText = text(value.field('context'));
  if (contextText === undefined) return undefined;
  const ctxRaw = contextText ?? '.';
  if (isRemoteContext(ctxRaw)) return undefined;
  // Relative paths start at the project directory of the layer that wrote the context (an extended file's own folder).
  const ctxPart = value.field('context')?.last ?? value.last;
  const context = joinPath(ctxPart.layer.dir, ctxRaw || '.');
  const target = text(value.field('target'));
  if (target === undefined) return undefined;
  // dockerfile_inline and dockerfile exclude each other; across merged files the later one wins.
  const inline = value.field('dockerfile_inline');
  const named = value.field('dockerfile');
  const layerOf = (v: EffectiveValue) => svc.layers.indexOf(v.last.layer);
  if (inline && (!named || layerOf(inline) >= layerOf(named))) return { value, context, dockerfilePath: undefined, target: target ?? undefined };
  const dockerfile = text(named);
  if (dockerfile === undefined) return undefined;
  return { value, context, dockerfilePath: joinPath(context, dockerfile ?? 'Dockerfile'), target: target ?? undefined };
}

/** The Dockerfile a service builds, parsed, and the stage it runs; undefined when unknown or unreadable. */
export function builtDockerfile(model: ComposeModel, svc: EffectiveService, files: FilesView | undefined): BuiltDockerfile | undefined {
  const info = buildInfo(model, svc);
  if (!info) return undefined;
  let source: SourceText;
  if (info.dockerfilePath === undefined) {
    const inline = info.value.field('dockerfile_inline')?.interpolated();
    if (!inline || inline.unknown) return undefined;
    source = new SourceText(`${model.path}#${svc.name}.dockerfile_inline`, inline.value);
  } else {
    const text = files?.read(info.dockerfilePath);
    if (text === undefined) return undefined;
    source = new SourceText(info.dockerfilePath, text);
  }
  const dockerfile = parseDockerfile(source);
  const stage = info.target ? dockerfile.stages.find((s) => s.name?.toLowerCase() === info.target!.toLowerCase()) : dockerfile.finalStage;
  if (!stage) return undefined;
  return { ...info, model: dockerfile, stage };
}

// ---------------------------------------------------------------------------------------------
// Dockerfile → the contexts it is built with

/** Compose files in the Dockerfile's folder and its parent that build it, with the contexts they use. */
export function contextsOf(dockerfilePath: string, files: FilesView): string[] {
  const out: string[] = [];
  const dir = dirname(dockerfilePath);
  for (const d of [dir, dirname(dir)]) {
    const names = files.list(d) ?? [];
    for (const name of [...DEFAULT_COMPOSE_NAMES, ...DEFAULT_OVERRIDE_NAMES]) {
      if (!names.includes(name)) continue;
      const path = joinPath(d, name);
      const text = files.read(path);
      if (text === undefined) continue;
      const model = parseCompose(new SourceText(path, text), { files });
      for (const s of model.services) {
        const eff = model.effective(s.name);
        const info = eff && buildInfo(model, eff);
        if (info?.dockerfilePath === dockerfilePath && !out.includes(info.context)) out.push(info.context);
      }
    }
    if (d === dirname(d)) break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Dockerfile: what is copied from the context

/** Sources that send the whole context (or all of its top level, dotfiles included) into the image. */
const BROAD_SOURCES = new Set(['.', './', '*', './*', '.*', '/', '']);

export interface BroadCopy {
  instr: DInstruction;
  /** The instruction's first line (where findings go). */
  span: Span;
}

/** COPY/ADD of the whole context (`COPY . .`, `ADD . /app`, `COPY --chown=a ./ ./`); not `--from=`. */
export function broadCopies(model: DockerfileModel): BroadCopy[] {
  const out: BroadCopy[] = [];
  for (const instr of model.instructions) {
    if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') continue;
    const node = instr.node as Instruction & { getFlags?(): { getName(): string }[] };
    if (node.getFlags?.().some((f) => f.getName().toLowerCase() === 'from')) continue;
    const args = copyArgs(node);
    if (args.length < 2) continue;
    if (!args.slice(0, -1).some((a) => BROAD_SOURCES.has(a.replace(/^\.\/\.$/, '.')))) continue;
    const line = model.file.positionAt(instr.span.start).line;
    out.push({ instr, span: { start: instr.span.start, end: Math.min(instr.span.end, model.file.lineEnd(line)) } });
  }
  return out;
}

function copyArgs(node: Instruction): string[] {
  const content = node.getArgumentsContent()?.trim() ?? '';
  if (content.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(content);
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) return parsed as string[];
    } catch {
      /* shell form after all */
    }
  }
  return node.getArguments().map((a) => a.getValue());
}

// ---------------------------------------------------------------------------------------------
// .dockerignore (BuildKit semantics) and .gitignore (simple)
//
// Both are matched segment by segment (dockerignore.ts), never through a RegExp built from the
// patterns: the files come from the workspace, and `*a*a*a*a*a*a*b` as a backtracking RegExp takes
// minutes on a long name.

/** A `.dockerignore` as BuildKit reads it (dockerignore.ts): patterns from the context root, `!` re-includes, the last match wins. */
export class DockerIgnore extends IgnoreMatcher {
  constructor(
    readonly text: string,
    path: string | undefined,
  ) {
    super(parseDockerignore(text), path);
  }

  /** True when the context-relative path is excluded from the context. */
  excludes(relative: string): boolean {
    return this.match(relative).ignored;
  }
}

/**
 * The ignore file in force for a build: `<Dockerfile>.dockerignore` next to the Dockerfile wins
 * over `<context>/.dockerignore` (BuildKit). `path` says where to add patterns when there is none.
 */
export function dockerIgnoreFor(files: FilesView, context: string, dockerfilePath: string | undefined): { ignore: DockerIgnore | undefined; path: string } {
  if (dockerfilePath) {
    const specific = `${dockerfilePath}.dockerignore`;
    const text = files.read(specific);
    if (text !== undefined) return { ignore: new DockerIgnore(text, specific), path: specific };
  }
  const path = joinPath(context, '.dockerignore');
  const text = files.read(path);
  return { ignore: text === undefined ? undefined : new DockerIgnore(text, path), path };
}

interface GitIgnoreRule {
  /** Path segments; an unanchored pattern starts with `**`. */
  segments: string[];
  /** `dir/`: matches what is under a directory, not the path itself. */
  dirOnly: boolean;
  negate: boolean;
}

/** Git writes a negated class `[!a]`; the segment matcher reads `[^a]`. */
function gitSegment(segment: string): string {
  // `[!` becomes `[^` unless escaped; the rest is copied by slices (one `+=` per character builds a
  // rope of a million nodes on a long name, and collecting it made the parse superlinear).
  let out = '';
  let from = 0;
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '\\' && i + 1 < segment.length) i++;
    else if (c === '[' && segment[i + 1] === '!') {
      out += `${segment.slice(from, i + 1)}^`;
      i++;
      from = i + 1;
    }
  }
  return out + segment.slice(from);
}

/** What `\s` matches, without a regex test (and a one-character string) per character. */
const isWhiteSpace = (code: number): boolean => code === 32 || (code >= 9 && code <= 13) || (code > 127 && /\s/.test(String.fromCharCode(code)));

/** Trailing white space dropped unless escaped (`a\ ` keeps its space); a loop: `\s+$` is quadratic on long runs. */
function trimUnescapedEnd(line: string): string {
  let end = line.length;
  while (end > 0 && isWhiteSpace(line.charCodeAt(end - 1))) end--;
  if (end > 0 && end < line.length && line[end - 1] === '\\') end++;
  return line.slice(0, end);
}

/** One `.gitignore` (or `.git/info/exclude`): patterns relative to `base`, unanchored when they have no inner `/`. */
export class GitIgnoreFile {
  private readonly rules: GitIgnoreRule[] = [];

  constructor(
    text: string,
    readonly base: string,
  ) {
    for (const raw of text.split(/\r\n|\n|\r/)) {
      let line = trimUnescapedEnd(raw);
      if (!line || line.startsWith('#')) continue;
      const negate = line.startsWith('!');
      if (negate) line = line.slice(1);
      // A leading `\#` or `\!` stays: the segment matcher reads any `\x` as a literal x.
      const dirOnly = line.endsWith('/');
      let end = line.length;
      while (end > 0 && line[end - 1] === '/') end--;
      line = line.slice(0, end);
      const anchored = line.includes('/');
      line = line.replace(/^\/+/, '');
      if (!line) continue;
      const segments = line.split('/').map(gitSegment);
      this.rules.push({ segments: anchored ? segments : ['**', ...segments], dirOnly, negate });
    }
  }

  /** true: ignored; false: re-included; undefined: no pattern matches. `relative` ends with `/` for a directory. */
  decide(relative: string): boolean | undefined {
    const segs = relative.split('/');
    const parents = segs.slice(0, -1);
    let result: boolean | undefined;
    for (const r of this.rules) {
      // The path itself or a directory above it; `dir/` needs something under the directory.
      if (r.dirOnly ? matchSegments(r.segments, parents, true) : matchSegments(r.segments, segs, true)) result = !r.negate;
    }
    return result;
  }
}

const MAX_PARENT_DIRS = 40;

/** The working tree root above `path` (the folder holding `.git`), or undefined outside a repository. */
export function gitRoot(files: FilesView, path: string): string | undefined {
  let dir = dirname(path);
  for (let i = 0; i < MAX_PARENT_DIRS; i++) {
    if (files.list(dir)?.includes('.git')) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

/**
 * Whether git ignores `path`: `.git/info/exclude` and every `.gitignore` from the repository root
 * down to the file's folder (deeper ones win). undefined when the file is not in a repository.
 * Not modelled: the user's global excludes file, and files already committed.
 */
export function isGitIgnored(files: FilesView, path: string): boolean | undefined {
  const state = gitIgnoreState(files, path);
  return state === undefined ? undefined : state === 'ignored';
}

/**
 * How git's ignore files treat `path` (see isGitIgnored): ignored, re-included by a `!pattern` on
 * purpose (the last pattern that matches it is a negation), or matched by nothing.
 */
export function gitIgnoreState(files: FilesView, path: string): 'ignored' | 'reincluded' | 'unmatched' | undefined {
  const root = gitRoot(files, path);
  if (root === undefined) return undefined;
  const rel = relativeInside(root, path);
  if (rel === undefined || rel === '') return undefined;
  const sources: GitIgnoreFile[] = [];
  const exclude = files.read(joinPath(root, '.git/info/exclude'));
  if (exclude !== undefined) sources.push(new GitIgnoreFile(exclude, root));
  const segs = rel.split('/');
  let dir = root;
  for (let i = 0; i < segs.length; i++) {
    const text = files.read(joinPath(dir, '.gitignore'));
    if (text !== undefined) sources.push(new GitIgnoreFile(text, dir));
    dir = joinPath(dir, segs[i]);
  }
  let decided: boolean | undefined;
  for (const src of sources) {
    const r = relativeInside(src.base, path);
    if (r === undefined) continue;
    const d = src.decide(r);
    if (d !== undefined) decided = d;
  }
  return decided === undefined ? 'unmatched' : decided ? 'ignored' : 'reincluded';
}

// ---------------------------------------------------------------------------------------------
// Sensitive files in a context (secrets in env files: knowledge/env-file-secrets.ts)

/** Env files meant to be committed: templates without real values. */
const ENV_TEMPLATE = /^\.env\.(?:example|sample|template|dist|defaults?|schema|tmpl|test\.example)$/i;
const KEY_FILES = new Set(['id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', '.git-credentials', '.netrc', '_netrc', '.pypirc']);
const SECRET_DIRS = new Set(['.git', '.ssh', '.aws', '.gnupg']);
/** Folders never worth walking for secrets (dependencies, build output) — and they are big. */
const SKIP_DIRS = new Set(['node_modules', 'vendor', '.venv', 'venv', '__pycache__', 'dist', 'build', 'target', '.next', '.cache', '.tox']);

export type SensitiveKind = 'env' | 'git' | 'key' | 'credentials';

export interface SensitiveFile {
  /** Relative to the context, `/`-separated. */
  relative: string;
  path: string;
  kind: SensitiveKind;
  dir: boolean;
}

/** What a name in a context is, when it is a secret-bearing file or folder. */
function classify(files: FilesView, path: string, name: string): SensitiveKind | undefined {
  if (name === '.git') return 'git'; // the folder, or a worktree's `.git` file
  if (SECRET_DIRS.has(name)) return 'credentials';
  if ((name === '.env' || name.startsWith('.env.')) && !ENV_TEMPLATE.test(name)) return 'env';
  if (KEY_FILES.has(name)) return name.startsWith('id_') ? 'key' : 'credentials';
  if (/\.(?:key|p12|pfx|jks|keystore)$/i.test(name)) return 'key';
  // A .pem may be a public certificate: only a private key counts.
  if (/\.pem$/i.test(name)) return /PRIVATE KEY-----/.test(files.read(path)?.slice(0, 65536) ?? '') ? 'key' : undefined;
  if (name === '.npmrc') return /_auth(?:Token)?\s*=\s*[^\s$]/.test(files.read(path) ?? '') ? 'credentials' : undefined;
  return undefined;
}

/**
 * Secret-bearing files and folders in a build context (not excluded by its `.dockerignore`): walks
 * a few levels into folders that may hold them (not dependencies, build output or hidden folders),
 * and stops after a bounded number of folders: linting must stay fast in a big repository.
 */
export function sensitiveFilesIn(files: FilesView, context: string, ignore: DockerIgnore | undefined, maxDirs = 200, maxDepth = 4): SensitiveFile[] {
  const out: SensitiveFile[] = [];
  const queue: { dir: string; rel: string; depth: number; names: string[] }[] = [];
  const root = files.list(context);
  if (root) queue.push({ dir: context, rel: '', depth: 0, names: root });
  let visited = 0;
  while (queue.length && visited < maxDirs) {
    const { dir, rel, depth, names } = queue.shift()!;
    visited++;
    for (const name of [...names].sort()) {
      const path = joinPath(dir, name);
      const relative = rel ? `${rel}/${name}` : name;
      if (ignore?.excludes(relative)) continue;
      const kind = classify(files, path, name);
      if (kind) {
        out.push({ relative, path, kind, dir: kind === 'git' || SECRET_DIRS.has(name) });
        continue;
      }
      // Only names that look like folders are listed (a listing per file would cost a lot on disk).
      if (depth + 1 >= maxDepth || name.startsWith('.') || SKIP_DIRS.has(name) || /\.[A-Za-z0-9]{1,5}$/.test(name)) continue;
      const sub = files.list(path);
      if (sub) queue.push({ dir: path, rel: relative, depth: depth + 1, names: sub });
    }
  }
  return out;
}

/** `path` relative to `context` when it lies inside it. */
export function insideContext(context: string, path: string): string | undefined {
  const rel = relativeInside(context, path);
  return rel === '' ? undefined : rel;
}

// ---------------------------------------------------------------------------------------------
// Fixes that add lines to an ignore file

/** Appends lines to a file (keeping its line breaks), or creates it with them. */
export function appendLines(files: FilesView, path: string, lines: readonly string[]): OtherFileChange {
  const text = files.read(path);
  if (text === undefined) return { path, create: true, edits: [{ start: 0, end: 0, text: `${lines.join('\n')}\n` }] };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const sep = text.length > 0 && !text.endsWith('\n') && !text.endsWith('\r') ? eol : '';
  return { path, edits: [{ start: text.length, end: text.length, text: `${sep}${lines.join(eol)}${eol}` }] };
}

/**
 * Where to add a `.gitignore` pattern for `path`: the nearest existing `.gitignore` between the
 * file's folder and the repository root, else a new one at the root. The pattern is anchored and
 * plain (ignore-pattern.ts); undefined when no pattern can name the file exactly.
 */
export function gitIgnoreAddition(files: FilesView, path: string): OtherFileChange | undefined {
  const root = gitRoot(files, path);
  if (root === undefined) return undefined;
  let dir = dirname(path);
  for (let i = 0; i < MAX_PARENT_DIRS; i++) {
    const candidate = joinPath(dir, '.gitignore');
    if (files.read(candidate) !== undefined || dir === root) {
      const rel = relativeInside(dir, path);
      const pattern = rel ? ignorePattern(rel, 'gitignore') : undefined;
      return pattern ? appendLines(files, candidate, [`/${pattern}`]) : undefined;
    }
    if (relativeInside(root, dir) === undefined) return undefined;
    dir = dirname(dir);
  }
  return undefined;
}
