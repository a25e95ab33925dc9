/**
 * File modes set in a Dockerfile: `chmod`, `mkdir -m`, `install -m`, `find … -exec chmod`, and
 * COPY/ADD `--chmod`, with the numeric and symbolic (`u+s,o+w`) forms parsed.
 */
import type { Span } from '../engine/types.js';
import { type DInstruction, type DockerfileModel, ownOrTrigger } from '../languages/dockerfile.js';
import { type RunShell, type ShellWord, argumentWords, commandName, commandsNamed, parseArgs } from '../languages/shell.js';

export interface ModeClause {
  /** `u`, `g`, `o`, `a` letters as written ('' = all, filtered by umask). */
  who: string;
  op: '+' | '-' | '=';
  perms: string;
  /** Offsets of the clause within the mode text. */
  start: number;
  end: number;
}

export type Mode = { kind: 'numeric'; bits: number; digits: number } | { kind: 'symbolic'; clauses: ModeClause[] };

/** Parses `4755`, `0777`, `u+s`, `a+rwx,o-w`; undefined for anything else (variables, `--reference`). */
export function parseMode(text: string): Mode | undefined {
  if (/^[0-7]{1,5}$/.test(text)) {
    const bits = parseInt(text, 8);
    return bits <= 0o7777 ? { kind: 'numeric', bits, digits: text.length } : undefined;
  }
  const clauses: ModeClause[] = [];
  let pos = 0;
  for (const part of text.split(',')) {
    const m = /^([ugoa]*)([-+=][-+=rwxXstugo]*)$/.exec(part);
    if (!m) return undefined;
    // `u+x-w` is two operations on the same users.
    const ops = m[2].match(/[-+=][rwxXstugo]*/g) ?? [];
    let k = m[1].length;
    for (const op of ops) {
      clauses.push({ who: m[1], op: op[0] as ModeClause['op'], perms: op.slice(1), start: pos + k, end: pos + k + op.length });
      k += op.length;
    }
    pos += part.length + 1;
  }
  return clauses.length ? { kind: 'symbolic', clauses } : undefined;
}

const addsTo = (c: ModeClause, letter: 'u' | 'g' | 'o') => (c.op === '+' || c.op === '=') && (c.who === '' || c.who.includes('a') || c.who.includes(letter));

/** Others get write permission (`o+w`, `a+w`, `777`, `666`). `+w` without who follows the umask and is not counted. */
export function grantsWorldWrite(mode: Mode): boolean {
  if (mode.kind === 'numeric') return (mode.bits & 0o002) !== 0;
  return mode.clauses.some((c) => c.who !== '' && addsTo(c, 'o') && c.perms.includes('w'));
}

/** The sticky bit is set (`1777`, `+t`): a shared directory like /tmp. */
export function setsSticky(mode: Mode): boolean {
  if (mode.kind === 'numeric') return (mode.bits & 0o1000) !== 0;
  return mode.clauses.some((c) => (c.op === '+' || c.op === '=') && c.perms.includes('t'));
}

/** setuid / setgid bits added. */
export function setIdBits(mode: Mode): { setuid: boolean; setgid: boolean } {
  if (mode.kind === 'numeric') return { setuid: (mode.bits & 0o4000) !== 0, setgid: (mode.bits & 0o2000) !== 0 };
  const s = mode.clauses.filter((c) => (c.op === '+' || c.op === '=') && c.perms.includes('s'));
  return { setuid: s.some((c) => addsTo(c, 'u')), setgid: s.some((c) => addsTo(c, 'g')) };
}

/** Where a mode is set. */
export interface ModeSetting {
  /** `chmod`, `mkdir`, `install`, `COPY`, `ADD`. */
  tool: string;
  mode: Mode;
  modeText: string;
  /** File span of the mode text, when it is written plainly (so it can be rewritten). */
  modeSpan: Span | undefined;
  /** Span to report. */
  span: Span;
  targets: string[];
  /** The targets are directories for sure (`mkdir -m`, `find -type d`, created by mkdir in the same RUN, trailing `/`). */
  directories: boolean;
  instr: DInstruction;
}

const INSTALL_VALUE = ['-m', '--mode', '-o', '--owner', '-g', '--group', '-t', '--target-directory', '-S', '--suffix', '-Z', '--context'];

/** The span of a word's value when the word is written plainly (no quotes or escapes). */
function plainSpan(text: string, word: ShellWord): Span | undefined {
  const raw = text.slice(word.span.start, word.span.end);
  if (raw === word.value) return word.span;
  if (raw.length === word.value.length + 2 && raw.slice(1, -1) === word.value) return { start: word.span.start + 1, end: word.span.end - 1 };
  return undefined;
}

/** Mode settings of one RUN. */
export function runModeSettings(model: DockerfileModel, run: RunShell): ModeSetting[] {
  const text = model.file.text;
  const out: ModeSetting[] = [];
  const made = new Set<string>();
  // The commands that set modes, in order (most commands of a RUN are none of these).
  const setters = commandsNamed(run.all, 'chmod', 'mkdir', 'install', 'find');
  for (const cmd of setters) {
    const name = commandName(cmd)?.name;
    if (name === 'mkdir') {
      const parsed = parseArgs(argumentWords(cmd), { withValue: ['-m', '--mode', '--context'] });
      for (const w of parsed.operands) made.add(w.value.replace(/(?<!\/)\/+$/, ''));
    }
  }
  const isDir = (t: string) => t.endsWith('/') || made.has(t.replace(/(?<!\/)\/+$/, ''));
  const push = (tool: string, word: ShellWord, modeText: string, targets: string[], directories: boolean, span: Span) => {
    const mode = parseMode(modeText);
    if (!mode) return;
    const dirs = directories || (targets.length > 0 && targets.every(isDir));
    const modeSpan = modeText === word.value ? plainSpan(text, word) : undefined;
    out.push({ tool, mode, modeText, modeSpan, span, targets, directories: dirs, instr: run.instr });
  };
  for (const cmd of setters) {
    const name = commandName(cmd)?.name;
    const args = argumentWords(cmd);
    if (name === 'chmod') {
      // GNU chmod takes `-w`-style modes too; they only remove bits, so treating them as options is fine.
      const parsed = parseArgs(args, { withValue: ['--reference'] });
      if (parsed.options.some((o) => o.name === '--reference')) continue;
      const [modeWord, ...targets] = parsed.operands;
      if (modeWord)
        push(
          'chmod',
          modeWord,
          modeWord.value,
          targets.map((t) => t.value),
          false,
          { start: cmd.span.start, end: modeWord.span.end },
        );
    } else if (name === 'mkdir' || name === 'install') {
      const parsed = parseArgs(args, { withValue: name === 'mkdir' ? ['-m', '--mode', '--context'] : INSTALL_VALUE });
      const opt = parsed.options.find((o) => o.name === '-m' || o.name === '--mode');
      if (!opt?.value) continue;
      const word = opt.valueWord ?? opt.word;
      const targets = parsed.operands.map((t) => t.value);
      const dirs = name === 'mkdir' || parsed.options.some((o) => o.name === '-d' || o.name === '--directory');
      push(name, word, opt.value, name === 'install' && !dirs ? targets.slice(-1) : targets, dirs, { start: cmd.span.start, end: word.span.end });
    } else if (name === 'find') {
      // find … [-type d] -exec chmod MODE {} \;
      const values = args.map((w) => w.value);
      const exec = values.findIndex((v, i) => (v === '-exec' || v === '-execdir') && (values[i + 1] === 'chmod' || values[i + 1]?.endsWith('/chmod')));
      if (exec < 0) continue;
      let k = exec + 2;
      while (k < args.length && values[k].startsWith('-') && !parseMode(values[k])) k++;
      const modeWord = args[k];
      if (!modeWord) continue;
      const typeAt = values.indexOf('-type');
      const dirs = typeAt >= 0 && typeAt < exec && values[typeAt + 1] === 'd';
      push('chmod', modeWord, modeWord.value, [], dirs, { start: args[exec].span.start, end: modeWord.span.end });
    }
  }
  return out;
}

/** Mode settings of COPY/ADD `--chmod` (also in ONBUILD triggers). */
export function copyModeSettings(model: DockerfileModel, instr: DInstruction): ModeSetting[] {
  const found = ownOrTrigger(instr, 'COPY', 'ADD');
  if (!found) return [];
  const node = found.node as unknown as { getFlags?(): import('dockerfile-ast').Flag[] };
  const out: ModeSetting[] = [];
  for (const flag of node.getFlags?.() ?? []) {
    if (flag.getName().toLowerCase() !== 'chmod') continue;
    const value = flag.getValue();
    const range = flag.getValueRange();
    if (!value || !range) continue;
    const mode = parseMode(value);
    if (!mode) continue;
    const valueSpan = model.file.spanOf(range);
    out.push({ tool: found.keyword, mode, modeText: value, modeSpan: valueSpan, span: model.file.spanOf(flag.getRange()), targets: [], directories: false, instr });
  }
  return out;
}

function formatClauses(clauses: { who: string; op: string; perms: string }[]): string {
  return clauses.map((c) => `${c.who}${c.op}${c.perms}`).join(',');
}

/** The mode without world write (`777` → `775`, `a+rwx` → `a+rx,ug+w`); undefined when nothing would be left. */
export function withoutWorldWrite(mode: Mode): string | undefined {
  if (mode.kind === 'numeric') return (mode.bits & ~0o002).toString(8).padStart(mode.digits, '0');
  const out: { who: string; op: string; perms: string }[] = [];
  for (const c of mode.clauses) {
    if (c.who === '' || !addsTo(c, 'o') || !c.perms.includes('w')) {
      out.push(c);
      continue;
    }
    const who = c.who.includes('a') ? 'ugo' : [...new Set(c.who)].join('');
    const others = who.replace('o', '');
    const permsNoW = c.perms.replace(/w/g, '');
    if (c.op === '+') {
      if (permsNoW) out.push({ who: c.who, op: '+', perms: permsNoW });
      if (others) out.push({ who: others, op: '+', perms: 'w' });
    } else {
      if (others) out.push({ who: others, op: '=', perms: c.perms });
      out.push({ who: 'o', op: '=', perms: permsNoW });
    }
  }
  return out.length ? formatClauses(out) : undefined;
}

/** The mode without setuid/setgid (`4755` → `0755`, `u+xs` → `u+x`); undefined when nothing would be left. */
export function withoutSetId(mode: Mode): string | undefined {
  if (mode.kind === 'numeric') return (mode.bits & ~0o6000).toString(8).padStart(mode.digits, '0');
  const out: { who: string; op: string; perms: string }[] = [];
  for (const c of mode.clauses) {
    if ((c.op === '+' || c.op === '=') && c.perms.includes('s')) {
      const perms = c.perms.replace(/s/g, '');
      if (perms || c.op === '=') out.push({ who: c.who, op: c.op, perms });
    } else {
      out.push(c);
    }
  }
  return out.length ? formatClauses(out) : undefined;
}
