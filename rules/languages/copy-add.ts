import type { Flag, Instruction, JSONArgument } from 'dockerfile-ast';
import type { Span } from '../engine/types.js';
import { type DInstruction, type DockerfileModel, heredocsOf, ownOrTrigger, resolveAt } from './dockerfile.js';
import { unmovedNodeMemo } from './unmoved-node.js';

/**
 * COPY and ADD as a list of sources and a destination, for the rules that care what is copied from
 * where (ADD → COPY, secret files, `.dockerignore`, `.git`). Looks through ONBUILD. Never throws:
 * a half-typed instruction gives fewer sources.
 */

export type SourceKind = 'local' | 'url' | 'git' | 'heredoc';

export interface CopySource {
  /** As BuildKit reads the word, variables not yet substituted: quotes (JSON or shell) and escapes removed. */
  raw: string;
  /** After ARG/ENV substitution; undefined when a variable cannot be resolved. */
  value: string | undefined;
  /** The value comes from a variable (a build argument may change it). */
  variable: boolean;
  kind: SourceKind;
  span: Span;
}

export interface CopyFlag {
  name: string;
  value: string | null;
  span: Span;
}

export interface CopyAdd {
  /** The instruction as listed by the model (the ONBUILD for a trigger). */
  instr: DInstruction;
  /** The COPY/ADD node itself (the trigger of an ONBUILD). */
  node: Instruction;
  keyword: 'COPY' | 'ADD';
  keywordSpan: Span;
  onbuild: boolean;
  flags: CopyFlag[];
  /** `--from=<stage|image|context>`: the sources do not come from the build context. */
  from: string | undefined;
  sources: CopySource[];
  dest: CopySource | undefined;
  json: boolean;
}

type NodeWithExtras = Instruction & {
  getFlags?(): Flag[];
  getJSONStrings?(): JSONArgument[];
  getOpeningBracket?(): unknown;
};

/** The instruction a COPY/ADD lives in: itself, or the trigger of an ONBUILD. */
function copyNode(instr: DInstruction): { node: NodeWithExtras; onbuild: boolean } | undefined {
  const found = ownOrTrigger(instr, 'COPY', 'ADD');
  return found && { node: found.node as NodeWithExtras, onbuild: found.onbuild };
}

const GIT_SOURCE = /^(?:git@|git:\/\/|ssh:\/\/|github\.com\/)|^https?:\/\/[^#?\s]*\.git(?:[#?]|$)/i;

export function sourceKind(raw: string): SourceKind {
  if (raw.startsWith('<<')) return 'heredoc';
  if (GIT_SOURCE.test(raw)) return 'git';
  if (/^https?:\/\//i.test(raw)) return 'url';
  return 'local';
}

/**
 * A shell-form word the way BuildKit's word lexer reads it: quotes removed, the escape character
 * taking the next character literally. `literal` is the text with variables as written;
 * `forSubstitution` marks the `$` that must stay literal (single quotes, escaped) for `substitute`.
 */
function unquoteWord(word: string, escape: string): { literal: string; forSubstitution: string } {
  let literal = '';
  let forSubstitution = '';
  const add = (c: string, protect: boolean) => {
    literal += c;
    forSubstitution += protect && c === '$' ? `${escape}$` : c;
  };
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (c === "'") {
      const close = word.indexOf("'", i + 1);
      const end = close < 0 ? word.length : close;
      for (let k = i + 1; k < end; k++) add(word[k], true);
      i = end;
    } else if (c === '"') {
      for (i++; i < word.length && word[i] !== '"'; i++) {
        if (word[i] === escape && i + 1 < word.length) add(word[++i], true);
        else add(word[i], false);
      }
    } else if (c === escape && i + 1 < word.length) {
      add(word[++i], true);
    } else {
      add(c, false);
    }
  }
  return { literal, forSubstitution };
}

function makeSource(model: DockerfileModel, instr: DInstruction, written: string, span: Span, json: boolean): CopySource {
  const { literal: raw, forSubstitution } = json ? { literal: written, forSubstitution: written } : unquoteWord(written, model.escape);
  let value: string | undefined = raw;
  let variable = false;
  if (forSubstitution.includes('$')) {
    const r = resolveAt(model, instr, forSubstitution);
    value = r.unknown ? undefined : r.value;
    variable = r.unknown || r.value !== raw;
  }
  return { raw, value, variable, kind: sourceKind(value ?? raw), span };
}

const cache = new WeakMap<DockerfileModel, CopyAdd[]>();

/**
 * The COPY or ADD view of one instruction, kept across versions where its text is unchanged
 * (moved with the edits before it); undefined for other instructions. Sources with variables are
 * resolved against the instructions before it (as is a destination), so such a view is built afresh.
 */
export const copyAt = unmovedNodeMemo(parseCopy, (copy) => !copy.sources.some((s) => s.raw.includes('$')) && !copy.dest?.raw.includes('$'), shiftCopy);

/** The view of a COPY/ADD whose text moved by `delta` (an edit earlier in the file), bound to `instr`'s node. */
function shiftCopy(copy: CopyAdd, delta: number, instr: DInstruction): CopyAdd {
  const move = (sp: Span): Span => ({ start: sp.start + delta, end: sp.end + delta });
  const source = (s: CopySource): CopySource => ({ ...s, span: move(s.span) });
  return {
    ...copy,
    node: copyNode(instr)?.node ?? copy.node,
    keywordSpan: move(copy.keywordSpan),
    flags: copy.flags.map((f) => ({ ...f, span: move(f.span) })),
    sources: copy.sources.map(source),
    dest: copy.dest && source(copy.dest),
  };
}

/** Every COPY and ADD of the file (ONBUILD triggers included), in file order. */
export function copyInstructions(model: DockerfileModel): CopyAdd[] {
  let list = cache.get(model);
  if (!list) {
    list = [];
    for (const instr of model.instructions) {
      if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD' && instr.keyword !== 'ONBUILD') continue;
      const parsed = copyAt(model, instr);
      if (parsed) list.push(parsed);
    }
    cache.set(model, list);
  }
  return list;
}

export function parseCopy(model: DockerfileModel, instr: DInstruction): CopyAdd | undefined {
  const found = copyNode(instr);
  if (!found) return undefined;
  const { node, onbuild } = found;
  const { file } = model;
  const flags: CopyFlag[] = (node.getFlags?.() ?? []).map((f) => ({
    name: f.getName().toLowerCase(),
    value: f.getValue(),
    span: file.spanOf(f.getRange()),
  }));
  const keywordSpan = file.spanOf(node.getInstructionRange());
  const from = flags.find((f) => f.name === 'from')?.value ?? undefined;

  let words: { raw: string; span: Span }[] = [];
  const jsonStrings = node.getJSONStrings?.() ?? [];
  const json = jsonStrings.length > 0 && !!node.getOpeningBracket?.();
  if (json) {
    words = jsonStrings.map((s) => {
      const span = file.spanOf(s.getRange());
      const text = file.text.slice(span.start, span.end);
      let raw: string;
      try {
        raw = String(JSON.parse(text));
      } catch {
        raw = s.getJSONValue();
      }
      return { raw, span };
    });
  } else {
    // Heredoc bodies are listed as arguments too: keep only the words before the first body.
    // The words as written: unquoteWord reads quotes and escapes the way BuildKit does.
    const args = node.getArguments().map((a) => {
      const span = file.spanOf(a.getRange());
      return { raw: file.text.slice(span.start, span.end), span };
    });
    const heredocs = heredocsOf(node);
    let bodyStart = Infinity;
    for (const h of heredocs ?? []) {
      const r = h.getContentRange() ?? h.getDelimiterRange();
      if (r) bodyStart = Math.min(bodyStart, file.spanOf(r).start);
    }
    if (!heredocs) {
      // dockerfile-ast could not read them: a body starts after the line of the first `<<` word.
      const marker = args.find((w) => w.raw.startsWith('<<'));
      if (marker) {
        const lineBreak = /[\r\n]/g;
        lineBreak.lastIndex = marker.span.end;
        bodyStart = lineBreak.exec(file.text)?.index ?? Infinity;
      }
    }
    words = args.filter((w) => w.span.start < bodyStart);
  }
  const all = words.map((w) => makeSource(model, instr, w.raw, w.span, json));
  const dest = all.length >= 2 ? all[all.length - 1] : undefined;
  const sources = all.length >= 2 ? all.slice(0, -1) : [];
  return {
    instr,
    node,
    keyword: node.getKeyword().toUpperCase() as 'COPY' | 'ADD',
    keywordSpan,
    onbuild,
    flags,
    from,
    sources,
    dest,
    json,
  };
}

/** True when the sources come from the build context (no `--from`, not a URL, git repo or heredoc). */
export function isContextSource(c: CopyAdd, s: CopySource): boolean {
  return c.from === undefined && s.kind === 'local';
}

/**
 * A context source as a clean relative path (`./src/` → `src`, `/app` → `app`, `.` → `.`), or
 * undefined when it leaves the context, holds an unresolved variable, or is empty.
 */
export function contextPath(s: CopySource): string | undefined {
  if (s.value === undefined || s.value === '') return undefined;
  const parts: string[] = [];
  for (const p of s.value.replace(/\\/g, '/').split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (!parts.length) return undefined;
      parts.pop();
      continue;
    }
    parts.push(p);
  }
  return parts.length ? parts.join('/') : '.';
}

/** True when a path holds glob characters (`*`, `?`, `[`) that COPY expands. */
export function hasWildcards(p: string): boolean {
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}
