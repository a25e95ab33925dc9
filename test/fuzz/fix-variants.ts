/**
 * Variants of a file that fixes must survive: CRLF, a BOM, `# escape=\``, Latin-1 text
 * elsewhere in the file, and, around one token (the word a finding is about), the token starting a
 * continued line, alone on one, ending one, and comment lines inside the continuation before or
 * after it. Each variant is the same file to Docker (or to Compose), written another way.
 */
import type { LanguageId, Span } from '../../rules/engine/types.js';
import { SourceText } from '../../rules/engine/source.js';
import { heredocsOf, parseDockerfile } from '../../rules/languages/dockerfile.js';

export interface Variant {
  name: string;
  text: string;
}

const LATIN1_COMMENT = '# Café crème, naïve façade: ½ ¼ ¾ ±';
const LATIN1_LABEL = 'LABEL org.example.note="Crème brûlée à la façon de Noël"';
const LATIN1_COMPOSE = 'x-note: "Crème brûlée à la façon de Noël"';

const eolOf = (text: string) => (text.includes('\r\n') ? '\r\n' : '\n');
const withFinalEol = (text: string) => (text === '' || text.endsWith('\n') ? text : text + eolOf(text));

/** Offset after the parser directives at the top of a Dockerfile (and after a BOM). */
function afterDirectives(text: string): number {
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  for (;;) {
    const nl = text.indexOf('\n', i);
    const line = text.slice(i, nl < 0 ? text.length : nl);
    if (nl < 0 || !/^#\s*[a-zA-Z]+\s*=/.test(line)) return i;
    i = nl + 1;
  }
}

/** Spans of heredoc bodies of a Dockerfile (their lines follow the shell's rules, not the file's escape). */
function heredocBodies(text: string): Span[] {
  const model = parseDockerfile(new SourceText('Dockerfile', text));
  const out: Span[] = [];
  for (const instr of model.instructions) {
    for (const h of heredocsOf(instr.node) ?? []) {
      const r = h.getContentRange();
      if (r) out.push(model.file.spanOf(r));
    }
  }
  return out;
}

/** The same Dockerfile under `# escape=\``: every line continuation outside heredoc bodies uses a backtick. */
export function withBacktickEscape(text: string): string | undefined {
  if (/^\uFEFF?(#\s*[a-zA-Z]+\s*=.*\r?\n)*#\s*escape\s*=/i.test(text)) return undefined;
  const bodies = heredocBodies(text);
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/\\(\r?\n)/g)) {
    const at = m.index;
    if (bodies.some((b) => at >= b.start && at < b.end)) continue;
    out += `${text.slice(last, at)}\``;
    last = at + 1;
  }
  out += text.slice(last);
  const bom = out.startsWith('\uFEFF') ? '\uFEFF' : '';
  return `${bom}# escape=\`${eolOf(text)}${out.slice(bom.length)}`;
}

function withLatin1(language: LanguageId, text: string): string {
  const eol = eolOf(text);
  const at = language === 'dockerfile' ? afterDirectives(text) : text.startsWith('\uFEFF') ? 1 : 0;
  const body = withFinalEol(text.slice(0, at) + LATIN1_COMMENT + eol + text.slice(at));
  // A Compose file of several documents gets its key in the first one.
  if (language === 'compose') return /^---/m.test(body) ? body : body + LATIN1_COMPOSE + eol;
  return body + LATIN1_LABEL + eol;
}

/** The file written other ways: line endings, BOM, escape character, Latin-1 text elsewhere. */
export function fileVariants(language: LanguageId, text: string): Variant[] {
  const crlf = (t: string) => t.replace(/\r?\n/g, '\r\n');
  const out: Variant[] = [
    { name: 'as written', text },
    { name: 'CRLF', text: crlf(text) },
    { name: 'BOM', text: `\uFEFF${text}` },
    { name: 'Latin-1 text elsewhere', text: withLatin1(language, text) },
    { name: 'CRLF, BOM and Latin-1 text', text: `\uFEFF${crlf(withLatin1(language, text))}` },
  ];
  if (language === 'dockerfile') {
    const backtick = withBacktickEscape(text);
    if (backtick !== undefined) {
      out.push({ name: '# escape=`', text: backtick });
      out.push({ name: '# escape=` with CRLF and a BOM', text: `\uFEFF${crlf(backtick)}` });
    }
  }
  return out;
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/**
 * The file with the token at `span` moved onto continued lines: starting one, alone on one, ending
 * one, with a comment line before or after it inside the continuation. Only where a line break
 * may go: between blank-separated tokens of an instruction without heredocs.
 */
export function tokenVariants(text: string, span: Span): Variant[] {
  const model = parseDockerfile(new SourceText('Dockerfile', text));
  const instr = model.instructions.find((i) => i.span.start <= span.start && span.end <= i.span.end);
  if (!instr || span.start <= instr.keywordSpan.end || heredocsOf(instr.node)?.length !== 0) return [];
  const esc = model.escape;
  const eol = eolOf(text);
  let b0 = span.start;
  while (b0 > instr.span.start && isBlank(text[b0 - 1])) b0--;
  const canBreakBefore = b0 < span.start && b0 > instr.keywordSpan.start && text[b0 - 1] !== '\n';
  let a1 = span.end;
  while (a1 < instr.span.end && isBlank(text[a1])) a1++;
  const restOfLine = text.slice(a1, text.indexOf('\n', a1) < 0 ? text.length : text.indexOf('\n', a1)).replace(/\r$/, '');
  const canBreakAfter = a1 > span.end && restOfLine !== '' && restOfLine !== esc;
  const token = text.slice(span.start, span.end);
  const head = text.slice(0, b0);
  const tail = text.slice(a1);
  const gapBefore = text.slice(b0, span.start);
  const gapAfter = text.slice(span.end, a1);
  const br = ` ${esc}${eol}    `;
  const out: Variant[] = [];
  if (canBreakBefore) {
    out.push({ name: 'token starts a continued line', text: head + br + token + gapAfter + tail });
    out.push({ name: 'comment line before the token', text: `${head} ${esc}${eol}# why: café${eol}    ${token}${gapAfter}${tail}` });
  }
  if (canBreakAfter) {
    out.push({ name: 'token ends its line', text: head + gapBefore + token + br + tail });
    out.push({ name: 'comment line after the token', text: `${head}${gapBefore}${token} ${esc}${eol}    # why${eol}    ${tail}` });
  }
  if (canBreakBefore && canBreakAfter) out.push({ name: 'token alone on a continued line', text: head + br + token + br + tail });
  return out;
}

/** Compose: a comment line above the finding's line, indented like it. */
export function composeTokenVariants(text: string, span: Span): Variant[] {
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  if (text.slice(lineStart + indent.length).startsWith('-') || lineStart === 0) return [];
  return [{ name: 'comment line above the finding', text: `${text.slice(0, lineStart)}${indent}# why: café${eolOf(text)}${text.slice(lineStart)}` }];
}
