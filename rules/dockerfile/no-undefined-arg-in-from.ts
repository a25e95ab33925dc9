import type { Flag, From, Property } from 'dockerfile-ast';
import { defineRule, message, type ReportOf } from '../languages/define-rule.js';
import type { Fix, Level, Span } from '../engine/types.js';
import { type DockerfileModel, type Stage, PREDEFINED_PLATFORM_ARGS } from '../languages/dockerfile.js';
import { parseNormalisedRef } from '../languages/image-ref.js';
import { substitute } from '../languages/substitute.js';

/** One `$NAME` / `${NAME…}` in a FROM, with its place in the file. */
interface VarRef {
  name: string;
  /** `${NAME:-word}` / `${NAME-word}`: the word, as written. */
  fallback?: string;
  span: Span;
  nameSpan: Span;
}

interface FixData {
  kind: 'declare' | 'rename';
  name: string;
  /** declare: the default to give the new global ARG (as written, quotes kept); rename: the declared name to use. */
  value?: string;
  nameSpan: Span;
}

/** Values BuildKit gives the platform ARGs; any real platform serves to check the reference's shape. */
const PLATFORM_VALUES: Record<string, string> = {
  TARGETPLATFORM: 'linux/amd64',
  TARGETOS: 'linux',
  TARGETARCH: 'amd64',
  TARGETVARIANT: '',
  BUILDPLATFORM: 'linux/amd64',
  BUILDOS: 'linux',
  BUILDARCH: 'amd64',
  BUILDVARIANT: '',
};

/** The variable references of `text` (file offset `base`), honouring the escape character. */
function varRefs(text: string, base: number, escape: string): VarRef[] {
  const refs: VarRef[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === escape && text[i + 1] === '$') {
      i++;
      continue;
    }
    if (c !== '$') continue;
    if (text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close < 0) break;
      const m = /^(\w+)(?:(:?[-+?])(.*))?$/s.exec(text.slice(i + 2, close));
      if (m) {
        const [, name, op, word] = m;
        refs.push({
          name,
          fallback: op === ':-' || op === '-' ? word : undefined,
          span: { start: base + i, end: base + close + 1 },
          nameSpan: { start: base + i + 2, end: base + i + 2 + name.length },
        });
      }
      i = close;
      continue;
    }
    const m = /^\w+/.exec(text.slice(i + 1));
    if (!m) continue;
    refs.push({ name: m[0], span: { start: base + i, end: base + i + 1 + m[0].length }, nameSpan: { start: base + i + 1, end: base + i + 1 + m[0].length } });
    i += m[0].length;
  }
  return refs;
}

/** Edit distance, for "did you mean" (short strings only). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

function suggestion(name: string, known: string[]): string | undefined {
  const upper = name.toUpperCase();
  const exact = known.find((k) => k.toUpperCase() === upper);
  if (exact) return exact;
  if (name.length < 4) return undefined;
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = distance(upper, k.toUpperCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

/** ARG declarations after the first FROM (in a stage), by name: the ARGs people expect FROM to see. */
function stageArgs(model: DockerfileModel): Map<string, { prop: Property; line: number }> {
  const out = new Map<string, { prop: Property; line: number }>();
  for (const instr of model.instructions) {
    if (!instr.stage || instr.keyword !== 'ARG') continue;
    for (const prop of (instr.node as unknown as { getProperties(): Property[] }).getProperties()) {
      const name = prop.getName();
      const known = out.get(name);
      // Prefer a declaration that gives a value.
      if (!known || (known.prop.getValue() === null && prop.getValue() !== null)) {
        out.set(name, { prop, line: model.file.positionAt(instr.span.start).line + 1 });
      }
    }
  }
  return out;
}

/** The value of an ARG as written (quotes kept), or undefined when it has none. */
function writtenValue(model: DockerfileModel, prop: Property): string | undefined {
  const range = prop.getValueRange();
  if (!range || prop.getValue() === null) return undefined;
  const span = model.file.spanOf(range);
  const text = model.file.text.slice(span.start, span.end);
  return text || undefined;
}

/** A default safe to write back after `ARG NAME=`: a plain word or a simple quoted string. */
function usableDefault(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return /^[\w.:/@+-]+$/.test(text) || /^"[\w.:/@+ -]*"$/.test(text) ? text : undefined;
}

/** Global ARG defaults with the variables in them substituted, in order (`ARG IMG=${REG}/node`). */
function resolvedGlobals(model: DockerfileModel): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const lookup = (name: string) => (PREDEFINED_PLATFORM_ARGS.has(name) ? PLATFORM_VALUES[name] : out.get(name));
  for (const instr of model.instructions) {
    if (instr.stage) break;
    if (instr.keyword !== 'ARG') continue;
    for (const prop of (instr.node as unknown as { getProperties(): Property[] }).getProperties()) {
      const raw = prop.getValue();
      out.set(prop.getName(), raw === null ? null : substitute(raw, lookup, model.escape, { quotes: 'words' }).value);
    }
  }
  return out;
}

/** Where a global ARG goes: above the first FROM and the comments that describe it (never above parser directives). */
function globalArgInsertAt(model: DockerfileModel): number {
  const { file } = model;
  const first = model.stages[0];
  let line = file.positionAt(first.from.span.start).line;
  const directiveLines = new Set(model.directives.map((d) => file.positionAt(d.span.start).line));
  while (line > 0 && /^\s*#/.test(file.lineText(line - 1)) && !directiveLines.has(line - 1)) line--;
  return file.lineContentStart(line);
}

export default defineRule({
  meta: {
    code: 'DF051',
    name: 'no-undefined-arg-in-from',
    language: 'dockerfile',
    title: 'FROM uses an undeclared ARG, or is not a valid image reference',
    why:
      'A FROM can only use ARGs declared before the first FROM. An undeclared or empty one makes the base image ' +
      'something other than what the author meant, or depend on whoever runs the build.',
    level: 'warning',
    risk: 'medium',
    tags: ['security', 'supply-chain', 'CIS-4.2'],
    others: {
      buildkit: ['UndefinedArgInFrom', 'InvalidDefaultArgInFrom'],
    },
    messages: {
      undefined: 'FROM uses ${{name}}, but no ARG {{name}} is declared before the first FROM, so it is empty{{hint}}.',
      stageArg: message(
        'FROM uses ${{name}}, but ARG {{name}} is declared on line {{line}}, inside a stage: FROM only sees ARGs ',
        'declared before the first FROM, so it is empty here.',
      ),
      notOverridable: message(
        'FROM uses ${{name}} with a default, but no ARG {{name}} is declared before the first FROM: `--build-arg {{name}}=…` ',
        'is ignored and the default always applies.',
      ),
      noDefault: message(
        'ARG {{name}} has no default, so this FROM is `{{image}}` (not a valid image) unless every build passes ',
        '`--build-arg {{name}}=…`. Give the ARG a default so the base image is known.',
      ),
      invalidDefault: 'With the ARG defaults this FROM is `{{image}}`, which is not a valid image reference ({{error}}).',
      invalidReference: '`{{image}}` is not a valid image reference ({{error}}): the build fails here.',
      invalidDigest: message(
        '`{{image}}` is not a valid image reference ({{error}}): the build fails here, and nothing is pinned by it. ',
        'A digest is `@sha256:` and 64 hex digits.',
      ),
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    if (!model.stages.length) return;
    const globals = model.globalArgs;
    const known = [...globals.keys(), ...PREDEFINED_PLATFORM_ARGS];
    const inStages = stageArgs(model);
    const earlier = new Set<string>();
    for (const stage of model.stages) {
      yield* checkFrom(model, stage, globals, known, inStages, earlier);
      if (stage.name) earlier.add(stage.name.toLowerCase());
    }
  },
  fix(report, { model }) {
    const data = report.fixData;
    if (!data) return [];
    if (data.kind === 'rename') {
      const fix: Fix = {
        title: `Use the declared ARG ${data.value}`,
        safe: false,
        edits: [{ start: data.nameSpan.start, end: data.nameSpan.end, text: data.value! }],
      };
      return [fix];
    }
    const at = globalArgInsertAt(model);
    const line = `ARG ${data.name}=${data.value}`;
    return [{ title: `Declare ${line} before the first FROM`, safe: false, edits: [{ start: at, end: at, text: `${line}${model.file.eol}` }] }];
  },
});

function* checkFrom(
  model: DockerfileModel,
  stage: Stage,
  globals: Map<string, string | null>,
  known: string[],
  inStages: Map<string, { prop: Property; line: number }>,
  earlierStages: Set<string>,
): Generator<
  ReportOf<
    {
      notOverridable: { name: string };
      stageArg: { name: string; line: number };
      undefined: { name: string; hint: string };
      invalidReference: { image: string; error: string };
      invalidDigest: { image: string; error: string };
      noDefault: { name: string; image: string };
      invalidDefault: { image: string; error: string };
    },
    FixData
  >
> {
  const { file } = model;
  const from = stage.from.node as From;
  const imageRange = from.getImageRange();
  const texts: { text: string; base: number; image: boolean }[] = [];
  if (imageRange) {
    const span = file.spanOf(imageRange);
    texts.push({ text: file.text.slice(span.start, span.end), base: span.start, image: true });
  }
  const platform: Flag | undefined = from.getFlags().find((f) => f.getName().toLowerCase() === 'platform');
  const platformRange = platform?.getValueRange();
  if (platformRange) {
    const span = file.spanOf(platformRange);
    texts.push({ text: file.text.slice(span.start, span.end), base: span.start, image: false });
  }

  let allDeclared = true;
  for (const { text, base } of texts) {
    for (const ref of varRefs(text, base, model.escape)) {
      if (globals.has(ref.name) || PREDEFINED_PLATFORM_ARGS.has(ref.name)) continue;
      allDeclared = false;
      if (ref.fallback !== undefined) {
        const value = usableDefault(ref.fallback);
        const level: Level = 'info';
        yield {
          messageId: 'notOverridable',
          span: ref.span,
          level,
          data: { name: ref.name },
          fixData: value !== undefined ? ({ kind: 'declare', name: ref.name, value, nameSpan: ref.nameSpan } satisfies FixData) : undefined,
        };
        continue;
      }
      const staged = inStages.get(ref.name);
      if (staged) {
        const value = usableDefault(writtenValue(model, staged.prop));
        yield {
          messageId: 'stageArg',
          span: ref.span,
          data: { name: ref.name, line: staged.line },
          fixData: value !== undefined ? ({ kind: 'declare', name: ref.name, value, nameSpan: ref.nameSpan } satisfies FixData) : undefined,
        };
        continue;
      }
      const similar = suggestion(ref.name, known);
      yield {
        messageId: 'undefined',
        span: ref.span,
        data: { name: ref.name, hint: similar ? ` (did you mean ${similar}?)` : '' },
        fixData: similar ? ({ kind: 'rename', name: ref.name, value: similar, nameSpan: ref.nameSpan } satisfies FixData) : undefined,
      };
    }
  }
  if (!allDeclared || !imageRange) return;

  // Every variable is declared: check the image the defaults give, as BuildKit does before a build.
  const image = texts[0];
  const refs = varRefs(image.text, image.base, model.escape);
  if (!refs.length) {
    // Written without variables: BuildKit fails on a malformed reference (`python:3.12@sha256`, `name@v1`).
    const base = stage.base;
    if (base.kind !== 'image' || base.unknown) return;
    const parsed = parseNormalisedRef(base.text);
    if (!parsed.ok) {
      const messageId = /digest/.test(parsed.error) ? 'invalidDigest' : 'invalidReference';
      yield { messageId, span: base.span, level: 'error', data: { image: base.text, error: parsed.error } };
    }
    return;
  }
  const values = resolvedGlobals(model);
  const lookup = (name: string) => (PREDEFINED_PLATFORM_ARGS.has(name) ? PLATFORM_VALUES[name] : (values.get(name) ?? ''));
  // As BuildKit reads the FROM word: quotes removed, also inside `${X:-"word"}`.
  const resolved = substitute(image.text, lookup, model.escape, { quotes: 'all' }).value;
  if (resolved.toLowerCase() === 'scratch' || earlierStages.has(resolved.toLowerCase())) return;
  const parsed = parseNormalisedRef(resolved);
  if (parsed.ok) return;
  const span = { start: image.base, end: image.base + image.text.length };
  const empty = refs.find((r) => r.fallback === undefined && !PREDEFINED_PLATFORM_ARGS.has(r.name) && globals.get(r.name) === null);
  if (empty) {
    const level: Level = 'info';
    yield { messageId: 'noDefault', span, level, data: { name: empty.name, image: resolved } };
  } else {
    yield { messageId: 'invalidDefault', span, data: { image: resolved, error: parsed.error } };
  }
}
