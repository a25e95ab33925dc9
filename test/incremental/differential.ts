/**
 * Differential checking of incremental linting: a document edited step by step and linted with the
 * previous result must get exactly the findings (and fixes) of a lint from scratch.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { dockerfile as generatedDockerfile } from '../../bench/generate.js';
import { type LanguageId, type LintResult, fixesFor, lintText } from '../../rules/api.js';

/** Mostly ordinary typing, sometimes something that changes the structure. */
export function editArb(structural: string[], typingWeight = 20) {
  const typed = fc.oneof(
    { weight: typingWeight, arbitrary: fc.constantFrom('x', ' ', 'a', '-', '=', '$', '"', '1', '') },
    { weight: 1, arbitrary: fc.constantFrom(...structural) },
  );
  return fc.record({ at: fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((n) => n / 1_000_000), remove: fc.nat(12), text: typed });
}

export type Edit = { at: number; remove: number; text: string };

export function applyRandomEdit(text: string, e: Edit): string {
  let at = Math.floor(e.at * text.length);
  // A whole line goes in at the start of a line, where it is an instruction and not noise.
  if (e.text.endsWith('\n')) at = text.lastIndexOf('\n', at - 1) + 1;
  return text.slice(0, at) + e.text + text.slice(Math.min(text.length, at + (e.remove % 4 === 0 ? e.remove : 0)));
}

/** What a user sees of a finding. */
export function seen(result: LintResult<unknown>, withFixes: boolean) {
  return result.findings.map((f) => ({
    code: f.code,
    level: f.level,
    message: f.message,
    range: f.range,
    related: f.related,
    fixes: withFixes ? fixesFor(result, f).map((x) => ({ title: x.title, safe: x.safe, edits: x.edits, otherFiles: x.otherFiles })) : undefined,
  }));
}

/** Lints `text` after each edit with the previous result; returns how many rules re-used findings. */
export function editAndCompare(
  path: string,
  language: LanguageId,
  text: string,
  edits: Edit[],
  compare: (incremental: LintResult<unknown>, scratch: LintResult<unknown>, text: string) => void,
): void {
  let result = lintText(path, text, language, { incremental: true });
  for (const e of edits) {
    text = applyRandomEdit(text, e);
    const next = lintText(path, text, language, { incremental: true }, result);
    compare(next, lintText(path, text, language), text);
    result = next;
  }
}

/**
 * Dockerfiles to edit: a generated multi-stage build, the example, the corpus, an escape directive,
 * and stages built on and copied from each other (where one stage's edit changes another's findings).
 */
export function dockerfileSeeds(generatedLines: number): string[] {
  const corpus = join(__dirname, '../corpus/dockerfile');
  return [
    generatedDockerfile(generatedLines),
    readFileSync(join(__dirname, '../../examples/Dockerfile'), 'utf8'),
    ...readdirSync(corpus).map((f) => readFileSync(join(corpus, f), 'utf8')),
    '# escape=`\nARG BASE=alpine\nFROM ${BASE} AS a\nRUN echo `\n  hi\nFROM a\nUSER $BASE\n',
    'ARG TAG=3.20\nFROM alpine:${TAG} AS base\nRUN apk add curl\nWORKDIR /app\nFROM base AS build\nENV API_TOKEN=abc123\nRUN make\nFROM build AS test\nRUN make test\nFROM base\nCOPY --from=build /app /app\nEXPOSE 22\nCMD ["/app/run"]\n',
    'FROM debian:12 AS base\nUSER app\nFROM base AS mid\nRUN apt-get update\nFROM mid\nCOPY --from=base /etc /etc\n',
  ];
}
