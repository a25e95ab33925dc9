/**
 * Shell parsers compared on what Bosun needs from them: the hand-written reader Bosun had
 * (legacy-shell.ts), tree-sitter-bash on web-tree-sitter read into Bosun's model (shell-read.ts),
 * and sh-syntax (mvdan/sh compiled to WebAssembly). Correctness on the cases of cases.ts, speed in
 * ms per MB on the corpus's RUN scripts and on a big synthetic script, and the worst cases
 * (n and n/4 in the same process: the ratio shows whether the cost is linear).
 *
 *   node --import tsx bench/shell-eval/run.ts [--corpus ../shared/corpus] [--no-sh-syntax]
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as shSyntaxParse } from 'sh-syntax';
import { SourceText } from '../../rules/engine/source.js';
import { parseDockerfile } from '../../rules/languages/dockerfile.js';
import { commandName } from '../../rules/languages/shell-names.js';
import { readDockerShell, readScript } from '../../rules/languages/shell-read.js';
import { ShellSource } from '../../rules/languages/shell-source.js';
import type { ShellCommand } from '../../rules/languages/shell-types.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';
import { SHELL_CASES, type Reading, type ShellCase, checkReading as check, reading } from '../../test/support/shell-cases.js';
import * as legacy from './legacy-shell.js';

const args = process.argv.slice(2);
const corpusDir = resolve(args[args.indexOf('--corpus') + 1] && args.includes('--corpus') ? args[args.indexOf('--corpus') + 1] : '../shared/corpus');
const withShSyntax = !args.includes('--no-sh-syntax');

const memberName = (c: { words: unknown }) => commandName(c as ShellCommand)?.name;

function runScripts(text: string): { span: { start: number; end: number }; escape: string }[] {
  const model = parseDockerfile(new SourceText('file:///Dockerfile', text));
  return model.instructions.filter((i) => i.keyword === 'RUN').map((i) => ({ span: model.run(i).scriptSpan, escape: model.escape }));
}

function readLegacy(c: ShellCase): Reading {
  if (!c.dockerfile) return reading(legacy.parseShell(c.script), memberName, true);
  const all = runScripts(c.script).flatMap((r) => legacy.parseShell(c.script.slice(r.span.start, r.span.end), r.span.start, r.escape));
  return reading(all, memberName, true);
}

function readNew(c: ShellCase): Reading {
  if (!c.dockerfile) return reading(readScript(new ShellSource(c.script, 0)), memberName);
  return reading(
    runScripts(c.script).flatMap((r) => readDockerShell(c.script, r.span, r.escape)),
    memberName,
  );
}

async function shSyntaxAccepts(c: ShellCase): Promise<boolean> {
  const scripts = c.dockerfile ? runScripts(c.script).map((r) => c.script.slice(r.span.start, r.span.end)) : [c.script];
  try {
    for (const s of scripts) await shSyntaxParse(s);
    return true;
  } catch {
    return false;
  }
}

function corpusDockerfiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...corpusDockerfiles(p));
    else if (/^(docker|container)file/i.test(name) || /\.dockerfile$/i.test(name)) out.push(p);
  }
  return out;
}

function timeMs(f: () => void, repeat = 3): number {
  let best = Infinity;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

async function timeMsAsync(f: () => Promise<unknown>, repeat = 3): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await f();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

async function main(): Promise<void> {
  await loadShellGrammar();
  console.log(`# Shell parsers compared (${new Date().toISOString().slice(0, 10)}, Node ${process.version})\n`);

  // Correctness.
  const score = { legacy: 0, grammar: 0, shSyntax: 0 };
  const rows: string[] = [];
  for (const c of SHELL_CASES) {
    const l = check(c, readLegacy(c));
    const g = check(c, readNew(c));
    const s = withShSyntax ? await shSyntaxAccepts(c) : false;
    if (!l) score.legacy++;
    if (!g) score.grammar++;
    if (s) score.shSyntax++;
    rows.push(
      `| ${c.name} | ${l ? `✗ ${l.slice(0, 90).replace(/\|/g, '\\|')}` : '✓'} | ${g ? `✗ ${g.slice(0, 90).replace(/\|/g, '\\|')}` : '✓'} | ${withShSyntax ? (s ? 'parses' : 'rejects') : '–'} |`,
    );
  }
  console.log('## Correctness\n');
  console.log(
    `Cases read right: hand-written ${score.legacy}/${SHELL_CASES.length}, tree-sitter-bash ${score.grammar}/${SHELL_CASES.length}; ` +
      `sh-syntax exposes no commands or words (its JS AST keeps statement positions only), so it reads 0/${SHELL_CASES.length}; it parses ${score.shSyntax}/${SHELL_CASES.length} without an error.\n`,
  );
  console.log('| case | hand-written | tree-sitter-bash | sh-syntax |\n| --- | --- | --- | --- |');
  for (const r of rows) console.log(r);

  // Speed on the corpus.
  const files = corpusDockerfiles(corpusDir);
  const scripts: { text: string; span: { start: number; end: number }; escape: string }[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const r of runScripts(text)) scripts.push({ text, ...r });
  }
  const bytes = scripts.reduce((n, s) => n + s.span.end - s.span.start, 0);
  const mb = bytes / 1e6;
  const legacyMs = timeMs(() => {
    for (const s of scripts) legacy.parseShell(s.text.slice(s.span.start, s.span.end), s.span.start, s.escape);
  });
  const grammarMs = timeMs(() => {
    for (const s of scripts) readDockerShell(s.text, s.span, s.escape);
  });
  let shMs = NaN;
  let shFailed = 0;
  if (withShSyntax) {
    shMs = await timeMsAsync(async () => {
      shFailed = 0;
      for (const s of scripts) {
        try {
          await shSyntaxParse(s.text.slice(s.span.start, s.span.end));
        } catch {
          shFailed++;
        }
      }
    }, 1);
  }
  console.log(`\n## Speed\n\nCorpus: ${scripts.length} RUN scripts from ${files.length} Dockerfiles, ${(bytes / 1024).toFixed(0)} KB (best of 3 runs).\n`);
  console.log('| input | hand-written | tree-sitter-bash + model | sh-syntax |\n| --- | --- | --- | --- |');
  console.log(`| corpus RUN scripts, ms per MB | ${fmt(legacyMs / mb)} | ${fmt(grammarMs / mb)} | ${withShSyntax ? `${fmt(shMs / mb)} (${shFailed} scripts rejected)` : '–'} |`);
  console.log(
    `| corpus RUN scripts, ms per script | ${(legacyMs / scripts.length).toFixed(3)} | ${(grammarMs / scripts.length).toFixed(3)} | ${withShSyntax ? (shMs / scripts.length).toFixed(3) : '–'} |`,
  );

  // A big script: the corpus's RUN command lines one after another, to ~1 MB.
  const lines = scripts.map((s) => s.text.slice(s.span.start, s.span.end)).filter((t) => !t.includes('<<'));
  let big = '';
  while (big.length < 1e6) big += `${lines.join('\n')}\n`;
  const bigMb = big.length / 1e6;
  const bigLegacy = timeMs(() => legacy.parseShell(big));
  const bigGrammar = timeMs(() => readScript(new ShellSource(big, 0)));
  let bigSh = 'n/a';
  if (withShSyntax) {
    try {
      bigSh = fmt((await timeMsAsync(() => shSyntaxParse(big), 1)) / bigMb);
    } catch (e) {
      bigSh = `rejects it (${(e as Error).message.slice(0, 40)})`;
    }
  }
  console.log(`| synthetic ${bigMb.toFixed(1)} MB script (corpus lines), ms per MB | ${fmt(bigLegacy / bigMb)} | ${fmt(bigGrammar / bigMb)} | ${bigSh} |`);

  // Worst cases: n and n/4 (a linear reader takes ~4× as long for 4× the input).
  console.log('\n## Worst cases (ms at n, and the ratio to n/4: ~4 is linear)\n');
  console.log('| input | hand-written | tree-sitter-bash + model | sh-syntax |\n| --- | --- | --- | --- |');
  const shapes: [string, (n: number) => string, number][] = [
    ['`a|` × n then `sh`', (n) => `${'a|'.repeat(n)}sh`, 30_000],
    ['`a && ` × n', (n) => `${'a && '.repeat(n)}b`, 30_000],
    ['one line of n words (n = 100,000: 1 MB)', (n) => `echo ${'abcdefghi '.repeat(n)}`, 100_000],
    ['`$(` nested n deep', (n) => `echo ${'$(echo '.repeat(n)}x${')'.repeat(n)}`, 10_000],
    ['`(` nested n deep', (n) => `${'('.repeat(n)}x${')'.repeat(n)}`, 10_000],
    ['`if` nested n deep', (n) => `${'if a; then '.repeat(n)}x; ${'fi; '.repeat(n)}`, 10_000],
    ['n continuation lines', (n) => `apt-get install ${'\\\n  curl '.repeat(n)}`, 10_000],
    ['n heredocs', (n) => 'cat <<EOF > /x\nhello\nEOF\n'.repeat(n), 10_000],
  ];
  for (const [name, make, n] of shapes) {
    const small = make(n / 4);
    const large = make(n);
    const cell = (f: (s: string) => unknown) => {
      try {
        f(small);
        const a = timeMs(() => f(small));
        const b = timeMs(() => f(large));
        return `${fmt(b)} (×${(b / a).toFixed(1)})`;
      } catch (e) {
        return `fails: ${(e as Error).message.slice(0, 40)}`;
      }
    };
    let sh = '–';
    if (withShSyntax) {
      try {
        const a = await timeMsAsync(() => shSyntaxParse(small), 1);
        const b = await timeMsAsync(() => shSyntaxParse(large), 1);
        sh = `${fmt(b)} (×${(b / a).toFixed(1)})`;
      } catch (e) {
        sh = `rejects: ${(e as Error).message.slice(0, 40)}`;
      }
    }
    console.log(`| ${name}, n = ${n.toLocaleString('en')} | ${cell((s) => legacy.parseShell(s))} | ${cell((s) => readScript(new ShellSource(s, 0)))} | ${sh} |`);
  }
}

void main();
