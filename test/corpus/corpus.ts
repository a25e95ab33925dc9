/**
 * The corpus check: lint every Dockerfile and Compose file of the shared corpus of real projects
 * (`../shared/corpus`, test data only) and compare the findings with a reviewed expectations file,
 * `test/corpus/expectations.tsv`, where every finding is listed with a judgement:
 *
 *   true     a careful reviewer agrees with it at this level
 *   noisy    defensible, but not worth a reviewer's time
 *   false    wrong: the rule should not say this here
 *   unjudged not looked at yet (the check fails until someone does)
 *
 * A finding is keyed by file, code and a fingerprint of its message (not its line, so edits above it
 * do not lose the judgement); the line and level are kept for reading and for the check.
 * Used by test/corpus/corpus-expectations.test.ts and `npm run corpus` (scripts/corpus.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { detectLanguage, INTERNAL_CODE, type LanguageId, lintText } from '../../rules/api.js';
import type { Level } from '../../rules/engine/types.js';
import { diskFiles } from '../../server/src/files.js';

export const ROOT = resolve(__dirname, '..', '..');
export const EXPECTATIONS = join(ROOT, 'test', 'corpus', 'expectations.tsv');
export const JUDGEMENTS = ['true', 'noisy', 'false', 'unjudged'] as const;
export type Judgement = (typeof JUDGEMENTS)[number];

/**
 * The corpus folder: `$BOSUN_CORPUS`, else `shared/corpus` next to the checkout or one level further up
 * (a worktree in `wt/<name>`); undefined when there is none (a clean clone in CI).
 */
export function findCorpus(): string | undefined {
  const candidates = [process.env.BOSUN_CORPUS, join(ROOT, '..', 'shared', 'corpus'), join(ROOT, '..', '..', 'shared', 'corpus')];
  return candidates.find((c): c is string => !!c && existsSync(join(c, 'README.md')) && statSync(c).isDirectory());
}

/** A finding as the expectations file holds it. */
export interface Observed {
  file: string;
  line: number;
  code: string;
  level: Level;
  fingerprint: string;
  message: string;
}

export interface Expectation extends Omit<Observed, 'message'> {
  judgement: Judgement;
  reason: string;
}

export interface CorpusRun {
  files: { file: string; language: LanguageId }[];
  findings: Observed[];
  /** Engine errors and internal findings (BOSUN000): always a bug. */
  problems: string[];
}

/** Stable across runs and machines: the message with white space collapsed, hashed. */
export function fingerprint(message: string): string {
  return createHash('sha256').update(message.replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 12);
}

/** Every Dockerfile and Compose file of the corpus (hidden folders included; `.env` files are read by Compose, not linted). */
export function corpusFiles(corpus: string): { abs: string; file: string; language: LanguageId }[] {
  const out: { abs: string; file: string; language: LanguageId }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) {
        walk(abs);
        continue;
      }
      // The corpus README says which files are Compose files: all of its YAML.
      const language = detectLanguage(name) ?? (/\.ya?ml$/i.test(name) ? 'compose' : undefined);
      if (language) out.push({ abs, file: relative(corpus, abs).split(sep).join('/'), language });
    }
  };
  walk(corpus);
  return out;
}

export function lintCorpus(corpus: string): CorpusRun {
  const files = corpusFiles(corpus);
  const view = diskFiles({ cache: true });
  const findings: Observed[] = [];
  const problems: string[] = [];
  for (const f of files) {
    let result;
    try {
      result = lintText(f.abs.split(sep).join('/'), readFileSync(f.abs, 'utf8'), f.language, { files: view });
    } catch (e) {
      problems.push(`${f.file}: crash: ${(e as Error).stack ?? e}`);
      continue;
    }
    for (const e of result.errors) problems.push(`${f.file}: engine error: ${e}`);
    for (const finding of result.findings) {
      const line = finding.range.start.line + 1;
      if (finding.code === INTERNAL_CODE) {
        problems.push(`${f.file}:${line}: ${finding.code} ${finding.message}`);
        continue;
      }
      findings.push({ file: f.file, line, code: finding.code, level: finding.level, fingerprint: fingerprint(finding.message), message: finding.message });
    }
  }
  findings.sort(compareRows);
  return { files: files.map(({ file, language }) => ({ file, language })), findings, problems };
}

function compareRows(a: Omit<Observed, 'message'>, b: Omit<Observed, 'message'>): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.code < b.code ? -1 : a.code > b.code ? 1 : a.fingerprint < b.fingerprint ? -1 : 1);
}

// ---------------------------------------------------------------------------------------------
// The expectations file: a header, then one tab-separated line per finding.

const HEADER = ['file', 'line', 'code', 'level', 'fingerprint', 'judgement', 'reason'];

export function readExpectations(path = EXPECTATIONS): Expectation[] {
  if (!existsSync(path)) return [];
  const out: Expectation[] = [];
  for (const [i, raw] of readFileSync(path, 'utf8').split('\n').entries()) {
    if (!raw.trim() || raw.startsWith('#') || i === 0) continue;
    const [file, line, code, level, fp, judgement, ...reason] = raw.split('\t');
    if (!JUDGEMENTS.includes(judgement as Judgement)) throw new Error(`${path}:${i + 1}: judgement '${judgement}' is not one of ${JUDGEMENTS.join(', ')}`);
    out.push({ file, line: Number(line), code, level: level as Level, fingerprint: fp, judgement: judgement as Judgement, reason: reason.join(' ') });
  }
  return out;
}

export function formatExpectations(rows: readonly Expectation[]): string {
  const clean = (s: string) => s.replace(/[\t\r\n]+/g, ' ');
  const lines = [...rows].sort(compareRows).map((r) => [r.file, r.line, r.code, r.level, r.fingerprint, r.judgement, clean(r.reason)].join('\t'));
  return `${HEADER.join('\t')}\n${lines.join('\n')}\n`;
}

const key = (r: { file: string; code: string; fingerprint: string }) => `${r.file}\t${r.code}\t${r.fingerprint}`;

/**
 * Pairs findings with expectations of the same file, code and message fingerprint (nearest line
 * first, so a finding that moved keeps its judgement). What is left on either side does not match.
 */
export function pair(findings: readonly Observed[], expected: readonly Expectation[]) {
  const pool = new Map<string, Expectation[]>();
  for (const e of expected) pool.set(key(e), [...(pool.get(key(e)) ?? []), e]);
  const matched: { finding: Observed; expectation: Expectation }[] = [];
  const unlisted: Observed[] = [];
  for (const f of findings) {
    const list = pool.get(key(f));
    if (!list?.length) {
      unlisted.push(f);
      continue;
    }
    let best = 0;
    for (let i = 1; i < list.length; i++) if (Math.abs(list[i].line - f.line) < Math.abs(list[best].line - f.line)) best = i;
    matched.push({ finding: f, expectation: list.splice(best, 1)[0] });
  }
  const stale = [...pool.values()].flat();
  return { matched, unlisted, stale };
}

/**
 * The expectations for a new run: matched findings keep their judgement (line and level updated);
 * a finding whose message changed but that stands where an old one of its code stood takes that
 * one's judgement as a suggestion (`unjudged`, reason `was …`); anything else is `unjudged`.
 */
export function updatedExpectations(run: CorpusRun, old: readonly Expectation[]): Expectation[] {
  const { matched, unlisted, stale } = pair(run.findings, old);
  const out: Expectation[] = matched.map(({ finding, expectation }) => ({ ...strip(finding), judgement: expectation.judgement, reason: expectation.reason }));
  const byPlace = new Map<string, Expectation>();
  for (const s of stale) byPlace.set(`${s.file}\t${s.code}\t${s.line}`, s);
  for (const f of unlisted) {
    const was = byPlace.get(`${f.file}\t${f.code}\t${f.line}`);
    const reason = was && was.judgement !== 'unjudged' ? `was ${was.judgement}: ${was.reason.replace(/^was \w+: /, '')}` : '';
    out.push({ ...strip(f), judgement: 'unjudged', reason });
  }
  return out.sort(compareRows);
}

function strip(f: Observed): Omit<Observed, 'message'> {
  const { message: _message, ...rest } = f;
  return rest;
}

// ---------------------------------------------------------------------------------------------
// Summaries: per rule (by judgement), per file (by level).

export function summary(run: CorpusRun, expected: readonly Expectation[]): string {
  const { matched } = pair(run.findings, expected);
  const judgementOf = new Map(matched.map((m) => [m.finding, m.expectation.judgement]));
  const rules = new Map<string, { level: Map<string, number>; judged: Map<Judgement, number>; files: Set<string> }>();
  for (const f of run.findings) {
    const r = rules.get(f.code) ?? { level: new Map(), judged: new Map(), files: new Set() };
    rules.set(f.code, r);
    r.level.set(f.level, (r.level.get(f.level) ?? 0) + 1);
    const j = judgementOf.get(f) ?? 'unjudged';
    r.judged.set(j, (r.judged.get(j) ?? 0) + 1);
    r.files.add(f.file);
  }
  const lines: string[] = [];
  const levels: Level[] = ['error', 'warning', 'info', 'hint'];
  const total = (l: Level) => run.findings.filter((f) => f.level === l).length;
  const falseAt = (l: Level) => run.findings.filter((f) => f.level === l && judgementOf.get(f) === 'false').length;
  lines.push(`${run.findings.length} findings on ${run.files.length} files: ${levels.map((l) => `${total(l)} ${l}`).join(', ')}`);
  lines.push(`false errors: ${falseAt('error')}; false warnings: ${falseAt('warning')} of ${total('warning')} (${pct(falseAt('warning'), total('warning'))})`);
  lines.push('');
  lines.push('| code | findings | levels | files | true | noisy | false | unjudged | noisy share |');
  lines.push('|---|--:|---|--:|--:|--:|--:|--:|--:|');
  for (const [code, r] of [...rules].sort(([a], [b]) => a.localeCompare(b))) {
    const n = [...r.level.values()].reduce((a, b) => a + b, 0);
    const lv = levels
      .filter((l) => r.level.get(l))
      .map((l) => `${l} ${r.level.get(l)}`)
      .join(', ');
    const j = (k: Judgement) => r.judged.get(k) ?? 0;
    lines.push(`| ${code} | ${n} | ${lv} | ${r.files.size} | ${j('true')} | ${j('noisy')} | ${j('false')} | ${j('unjudged')} | ${pct(j('noisy'), n)} |`);
  }
  lines.push('');
  const perFile = new Map<string, Map<Level, number>>();
  for (const { file } of run.files) perFile.set(file, new Map());
  for (const f of run.findings) perFile.get(f.file)!.set(f.level, (perFile.get(f.file)!.get(f.level) ?? 0) + 1);
  const kinds: { name: string; match: (file: string) => boolean }[] = [
    { name: 'Dockerfiles', match: (file) => run.files.find((x) => x.file === file)?.language === 'dockerfile' },
    { name: 'Compose files', match: (file) => run.files.find((x) => x.file === file)?.language === 'compose' },
  ];
  lines.push('| files | count | errors/file | warnings/file | info/file | hints/file | files with a warning or error |');
  lines.push('|---|--:|--:|--:|--:|--:|--:|');
  for (const k of kinds) {
    const list = [...perFile].filter(([file]) => k.match(file));
    const avg = (l: Level) => (list.reduce((a, [, m]) => a + (m.get(l) ?? 0), 0) / Math.max(list.length, 1)).toFixed(2);
    const loud = list.filter(([, m]) => (m.get('error') ?? 0) + (m.get('warning') ?? 0) > 0).length;
    lines.push(`| ${k.name} | ${list.length} | ${avg('error')} | ${avg('warning')} | ${avg('info')} | ${avg('hint')} | ${loud} |`);
  }
  return lines.join('\n');
}

function pct(n: number, of: number): string {
  return of ? `${((100 * n) / of).toFixed(1)}%` : '—';
}
