/**
 * Old vs new shell model: every RUN script of the corpus and a set of generated scripts read by the
 * hand-written reader (legacy-shell.ts) and by the bash grammar, compared as the rules see them
 * (commands from their name on, pipelines). Each difference is put in a class by its cause; the
 * ones no class explains are printed whole, to be read.
 *
 *   node --import tsx bench/shell-eval/differential.ts [--corpus ../shared/corpus] [--fuzz 2000]
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { SourceText } from '../../rules/engine/source.js';
import { parseDockerfile } from '../../rules/languages/dockerfile.js';
import { otherShellAt } from '../../rules/languages/shell.js';
import { commandName } from '../../rules/languages/shell-names.js';
import { readDockerShell } from '../../rules/languages/shell-read.js';
import type { ShellCommand } from '../../rules/languages/shell-types.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';
import { type Reading, reading } from '../../test/support/shell-cases.js';
import * as legacy from './legacy-shell.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
const corpusDir = resolve(opt('--corpus', '../shared/corpus'));
const fuzzCount = Number(opt('--fuzz', '2000'));

const memberName = (c: { words: unknown }) => commandName(c as ShellCommand)?.name;

interface Script {
  where: string;
  file: string;
  span: { start: number; end: number };
  escape: string;
}

function corpusScripts(dir: string): Script[] {
  const out: Script[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/^(docker|container)file/i.test(name) || /\.dockerfile$/i.test(name)) {
        const file = readFileSync(p, 'utf8');
        const model = parseDockerfile(new SourceText(p, file));
        for (const i of model.instructions) {
          // Exec form, and cmd/PowerShell scripts (read as words, by neither reader as bash), are left out.
          if (i.keyword !== 'RUN' || /^\s*\[/.test(model.run(i).script) || otherShellAt(model, i)) continue;
          const line = model.file.positionAt(i.span.start).line + 1;
          out.push({ where: `${relative(dir, p)}:${line}`, file, span: model.run(i).scriptSpan, escape: model.escape });
        }
      }
    }
  };
  walk(dir);
  return out;
}

/** A small deterministic generator of shell-ish scripts from the constructs the cases cover. */
function fuzzScripts(count: number): Script[] {
  let seed = 42;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const pick = <T>(xs: readonly T[]) => xs[rnd(xs.length)];
  const words = [
    'curl -fsSL https://x/a',
    'apt-get install -y curl',
    'echo "a|b"',
    "echo 'c;d'",
    'tar -xz',
    'grep -q x f',
    'sh',
    'make',
    'rm -rf /tmp/x',
    'echo $HOME',
    'x=$(id -u)',
    'cat f',
    '[ -f x ]',
  ];
  const ops = [' | ', ' && ', ' || ', '; ', ' \\\n  '];
  const simple = () => pick(words) + (rnd(4) === 0 ? ` > /tmp/o${rnd(9)}` : '');
  const stmt = (depth: number): string => {
    const k = depth > 2 ? 0 : rnd(9);
    switch (k) {
      case 1:
        return `if ${simple()}; then ${stmt(depth + 1)}; fi`;
      case 2:
        return `{ ${stmt(depth + 1)}; } | tee /x`;
      case 3:
        return `( ${stmt(depth + 1)} )`;
      case 4:
        return `case "$a" in x|y) ${stmt(depth + 1)} ;; *) ${simple()} ;; esac`;
      case 5:
        return `for i in a b; do ${stmt(depth + 1)}; done`;
      case 6:
        return `echo "$(${simple()})"`;
      default: {
        let s = simple();
        for (let i = rnd(3); i > 0; i--) s += pick(ops) + simple();
        return s;
      }
    }
  };
  const out: Script[] = [];
  for (let i = 0; i < count; i++) {
    const file = Array.from({ length: 1 + rnd(3) }, () => stmt(0)).join('; ');
    out.push({ where: `fuzz #${i}`, file, span: { start: 0, end: file.length }, escape: '\\' });
  }
  return out;
}

const KEYWORD_COMMANDS = /^(?:fi|done|esac|then|else|do|\}|\{|;;|in|\*\)?)$/;

/** Why the two readings differ, when a known cause explains it. */
function classify(s: Script, old: Reading, now: Reading): string | undefined {
  const text = s.file.slice(s.span.start, s.span.end);
  const oldNames = old.commands.map((c) => c[0]);
  const extra = old.commands.filter((c) => !now.commands.some((n) => JSON.stringify(n) === JSON.stringify(c)));
  if (/\bcase\b[\s\S]*\bin\b[\s\S]*\)/.test(text) && extra.length) return 'case patterns read as commands/pipes by the old reader';
  if (extra.some((c) => KEYWORD_COMMANDS.test(c[0]) || c.some((w) => KEYWORD_COMMANDS.test(w)))) return 'keywords (fi, done, }, esac…) read as commands or words by the old reader';
  if (/\\[ \t]*\r?\n[ \t]*#/.test(text)) return 'comment lines inside continuations split the command for the old reader';
  if (/\w=\$\([^)]*\)\s*>\s*\S+\s*(?:\|\||&&)/.test(text)) return 'grammar quirk: an assignment with a redirection, then || or && (the new reader loses a command)';
  if (/\$'|\$"/.test(text)) return '$\'…\' / $"…" quoting misread by the old reader';
  if (/\bfor\s+\w+\s+in\b|\(\(/.test(text)) return 'for loops / arithmetic read as commands by the old reader';
  if (/(?:^|[;&|(]\s*)(?:\{|\()/.test(text) && JSON.stringify(old.pipelines) !== JSON.stringify(now.pipelines)) return 'groups and subshells as pipeline members';
  if (/\bif\b|\bwhile\b|\buntil\b/.test(text) && oldNames.length !== now.commands.length) return 'if/while read as flat commands by the old reader';
  return undefined;
}

async function main(): Promise<void> {
  await loadShellGrammar();
  const scripts = [...corpusScripts(corpusDir), ...fuzzScripts(fuzzCount)];
  const classes = new Map<string, number>();
  const unexplained: string[] = [];
  let same = 0;
  for (const s of scripts) {
    const old = reading(legacy.parseShell(s.file.slice(s.span.start, s.span.end), s.span.start, s.escape), memberName, true);
    const now = reading(readDockerShell(s.file, s.span, s.escape), memberName);
    if (JSON.stringify(old) === JSON.stringify(now)) {
      same++;
      continue;
    }
    const why = classify(s, old, now);
    if (why) classes.set(why, (classes.get(why) ?? 0) + 1);
    else unexplained.push(`${s.where}: ${JSON.stringify(s.file.slice(s.span.start, s.span.end)).slice(0, 300)}\n  old: ${JSON.stringify(old)}\n  new: ${JSON.stringify(now)}`);
  }
  console.log(`${scripts.length} scripts (${scripts.length - fuzzCount} corpus RUNs, ${fuzzCount} generated): ${same} read the same`);
  for (const [why, n] of [...classes].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${why}`);
  console.log(`  ${String(unexplained.length).padStart(5)}  not explained by a class (below)`);
  for (const u of unexplained) console.log(`\n${u}`);
}

void main();
