// `npm run corpus`: lint the shared corpus and compare with test/corpus/expectations.tsv.
//
//   npm run corpus                      summary, and what differs from the expectations (exit 1 if anything)
//   npm run corpus -- --update          rewrite the file: judgements kept, new findings `unjudged`
//   npm run corpus -- --list            the unjudged findings with their messages, grouped by rule
//   npm run corpus -- --judge noisy --code DC003 [--file redis/] [--message "text"] [--level warning] \
//                     [--all] --reason "why"
//                                       judge the matching findings (unjudged ones only, unless --all)
//   npm run corpus -- --apply test/corpus/judging.tsv [--all]
//                                       judge unjudged findings by the reviewed class judgements in that file
//                                       (judgement, code, file part, message part, reason; `*` matches anything;
//                                       the first matching line wins)
//   npm run corpus -- --summary         the per-rule and per-file tables only (markdown)
import { readFileSync, writeFileSync } from 'node:fs';
import {
  EXPECTATIONS,
  type Expectation,
  findCorpus,
  formatExpectations,
  JUDGEMENTS,
  type Judgement,
  lintCorpus,
  pair,
  readExpectations,
  summary,
  updatedExpectations,
} from '../test/corpus/corpus.js';
import { loadShellGrammar } from '../server/src/shell-grammar-node.js';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const corpus = findCorpus();
if (!corpus) {
  console.error('corpus: no shared/corpus next to this checkout (set BOSUN_CORPUS to its folder)');
  process.exit(2);
}
const corpusDir: string = corpus;

// RUN scripts are read with the bash grammar: its WebAssembly loads once, asynchronously, before the lint.
loadShellGrammar().then(main, (e: unknown) => {
  console.error(`corpus: cannot load the shell grammar: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
});

function main(): void {
  const run = lintCorpus(corpusDir);
  const old = readExpectations();

  if (flag('--summary')) {
    console.log(summary(run, old));
    process.exit(0);
  }

  if (flag('--update')) {
    const next = updatedExpectations(run, old);
    writeFileSync(EXPECTATIONS, formatExpectations(next));
    const unjudged = next.filter((e) => e.judgement === 'unjudged').length;
    console.log(`${EXPECTATIONS}: ${next.length} findings, ${unjudged} unjudged (was ${old.length} lines)`);
    process.exit(0);
  }

  const judge = option('--judge');
  if (judge) {
    if (!JUDGEMENTS.includes(judge as Judgement) || judge === 'unjudged') throw new Error(`--judge takes true, noisy or false, not ${judge}`);
    const reason = option('--reason');
    if (!reason) throw new Error('--judge needs --reason "…"');
    const code = option('--code');
    const file = option('--file');
    const text = option('--message');
    const level = option('--level');
    const { matched } = pair(run.findings, old);
    let n = 0;
    for (const { finding, expectation } of matched) {
      if (!flag('--all') && expectation.judgement !== 'unjudged') continue;
      if (code && finding.code !== code) continue;
      if (file && !finding.file.includes(file)) continue;
      if (text && !finding.message.includes(text)) continue;
      if (level && finding.level !== level) continue;
      expectation.judgement = judge as Judgement;
      expectation.reason = reason;
      n++;
    }
    writeFileSync(EXPECTATIONS, formatExpectations(old));
    console.log(`judged ${n} findings ${judge}`);
    process.exit(0);
  }

  const apply = option('--apply');
  if (apply) {
    const rules = readFileSync(apply, 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
      .map((l, i) => {
        const [judgement, code, file, message, reason] = l.split('\t');
        if (!JUDGEMENTS.includes(judgement as Judgement) || judgement === 'unjudged' || !code || !reason)
          throw new Error(`${apply}:${i + 1}: judgement, code, file, message, reason`);
        return { judgement: judgement as Judgement, code, file, message, reason, used: 0 };
      });
    const { matched } = pair(run.findings, old);
    let n = 0;
    for (const { finding, expectation } of matched) {
      if (!flag('--all') && expectation.judgement !== 'unjudged') continue;
      const rule = rules.find(
        (r) => (r.code === '*' || r.code === finding.code) && (r.file === '*' || finding.file.includes(r.file)) && (r.message === '*' || finding.message.includes(r.message)),
      );
      if (!rule) continue;
      expectation.judgement = rule.judgement;
      expectation.reason = rule.reason;
      rule.used++;
      n++;
    }
    writeFileSync(EXPECTATIONS, formatExpectations(old));
    const unused = rules.filter((r) => !r.used);
    console.log(`judged ${n} findings; ${old.filter((e) => e.judgement === 'unjudged').length} left unjudged`);
    if (unused.length) console.log(`lines that matched nothing:\n${unused.map((r) => `  ${r.code} ${r.file} ${r.message}`).join('\n')}`);
    process.exit(0);
  }

  const { matched, unlisted, stale } = pair(run.findings, old);
  if (flag('--list')) {
    const groups = new Map<string, string[]>();
    for (const { finding, expectation } of matched) {
      if (expectation.judgement !== 'unjudged') continue;
      const k = finding.code;
      groups.set(k, [
        ...(groups.get(k) ?? []),
        `  ${finding.file}:${finding.line} [${finding.level}] ${finding.message}${expectation.reason ? `\n    (${expectation.reason})` : ''}`,
      ]);
    }
    for (const [k, lines] of [...groups].sort()) console.log(`${k} (${lines.length})\n${lines.join('\n')}`);
    process.exit(0);
  }

  console.log(summary(run, old));
  const levelChanged = matched.filter((m) => m.finding.level !== m.expectation.level);
  const problems = [
    ...run.problems,
    ...unlisted.map((f) => `not in the expectations: ${f.file}:${f.line} ${f.code} [${f.level}] ${f.message}`),
    ...stale.map((e: Expectation) => `no longer found: ${e.file}:${e.line} ${e.code} [${e.level}] (${e.judgement}: ${e.reason})`),
    ...levelChanged.map((m) => `level changed: ${m.finding.file}:${m.finding.line} ${m.finding.code} ${m.expectation.level} → ${m.finding.level}`),
  ];
  if (problems.length) {
    console.log(`\n${problems.length} differences (npm run corpus -- --update rewrites the file; then judge what is unjudged):`);
    for (const p of problems.slice(0, 200)) console.log(`  ${p}`);
    process.exit(1);
  }
}
