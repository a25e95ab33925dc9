import { defineRule, message } from '../languages/define-rule.js';
import type { Span } from '../engine/types.js';
import { classifySecretPath } from '../knowledge/secret-files.js';
import { contextPath, copyInstructions, hasWildcards } from '../languages/copy-add.js';
import { type DInstruction, type DockerfileModel, reachesFinalImage, type Stage, stageChain } from '../languages/dockerfile.js';
import { globMatch } from '../languages/dockerignore.js';
import { isUnder, resolveImagePath } from '../languages/image-paths.js';
import { basename, dirname, joinPath } from '../languages/paths.js';
import { allCommands, argumentWords, commandName, parseArgs, type RunShell, runShell, type ShellCommand, type ShellWord } from '../languages/shell.js';
import { copiedSecrets } from '../shared/copied-secrets.js';

/** A secret file written into a layer. */
interface Artifact {
  /** Absolute paths in the image that hold it (a COPY into an existing folder lands one level down). */
  paths: string[];
  /** True for a folder (`.ssh/`): removing anything inside it also counts. */
  dir: boolean;
  label: string;
  instr: DInstruction;
  span: Span;
  /** A file that holds a credential only sometimes (`.npmrc`), whose content could not be read. */
  unread?: boolean;
}

/** Shell words with variables treated as filled in (the shell expands them when writing the file). */
function expandedText(words: readonly ShellWord[]): string {
  return words.map((w) => w.value.replace(/\$\{?\w+\}?/g, 'VALUE')).join(' ');
}

/**
 * The RUN's commands that pass `wanted`, each with the directory it runs in. `cd` changes where
 * relative paths point for the rest of the RUN's top-level commands; the commands inside a compound
 * one (`if`, a loop, a group) are taken with the directory in force before it.
 */
function withCwd(model: DockerfileModel, run: RunShell, wanted: (cmd: ShellCommand) => boolean): { cmd: ShellCommand; cwd: string | undefined }[] {
  const out: { cmd: ShellCommand; cwd: string | undefined }[] = [];
  let cwd: string | undefined;
  // Indexed: a RUN can have tens of thousands of commands, and each step of a for-of allocates until
  // the loop is optimized.
  const commands = run.commands;
  for (let i = 0; i < commands.length; i++) {
    const cmd = commands[i];
    if (cmd.kind) {
      for (const inner of allCommands(cmd.nested)) if (wanted(inner)) out.push({ cmd: inner, cwd });
      continue;
    }
    const cn = commandName(cmd);
    if (cn?.name === 'cd') {
      const target = argumentWords(cmd)[0]?.value;
      cwd = target === undefined ? undefined : resolveImagePath(model, run.instr, target, cwd);
      continue;
    }
    if (wanted(cmd)) out.push({ cmd, cwd });
  }
  return out;
}

/** shred's options that take a value (`-n 3` is a count, not a file). */
const SHRED_VALUE = ['-n', '-s', '--iterations', '--random-source', '--size'];
const REMOVERS = new Set(['rm', 'unlink', 'shred']);
/** Commands that may write a file runArtifacts looks at (besides any with a redirection). */
const WRITERS = new Set(['tee', 'cp', 'install']);

/** Paths an `rm`/`unlink`/`shred -u` removes, resolved; with the words that name them and the command as written (`shred -zu`). */
function removals(model: DockerfileModel, run: RunShell): { path: string; word: ShellWord; command: string }[] {
  const out: { path: string; word: ShellWord; command: string }[] = [];
  for (const { cmd, cwd } of withCwd(model, run, (c) => REMOVERS.has(commandName(c)?.name ?? ''))) {
    const cn = commandName(cmd)!;
    const parsed = parseArgs(argumentWords(cmd), { withValue: cn.name === 'shred' ? SHRED_VALUE : [] });
    let command = cn.name;
    if (cn.name === 'shred') {
      // Without -u/--remove shred overwrites the file and leaves it in place.
      const remove = parsed.options.find((o) => o.name === '-u' || o.name.startsWith('--remove'));
      if (!remove) continue;
      command = `shred ${remove.word.value}`;
    }
    for (const word of parsed.operands) {
      const path = resolveImagePath(model, run.instr, word.value, cwd);
      if (path) out.push({ path, word, command });
    }
  }
  return out;
}

/** Secret files a RUN writes (`> ~/.npmrc`, `| tee .env`, `cp /run/secrets/x …`) and does not remove itself. */
function runArtifacts(model: DockerfileModel, run: RunShell): Artifact[] {
  const written: Artifact[] = [];
  for (const { cmd, cwd } of withCwd(model, run, (c) => c.redirects.length > 0 || WRITERS.has(commandName(c)?.name ?? ''))) {
    const cn = commandName(cmd);
    const targets: { value: string; span: Span; fromSecret: boolean }[] = [];
    for (const r of cmd.redirects) {
      if ((r.op === '>' || r.op === '>>' || r.op === '1>' || r.op === '>|') && r.target) targets.push({ value: r.target, span: r.span, fromSecret: false });
    }
    const args = argumentWords(cmd);
    if (cn?.name === 'tee') {
      for (const w of parseArgs(args).operands) targets.push({ value: w.value, span: w.span, fromSecret: false });
    }
    if (cn?.name === 'cp' || cn?.name === 'install') {
      const ops = parseArgs(args, { withValue: ['-m', '-o', '-g', '-t', '--mode', '--owner', '--group', '--target-directory'] }).operands;
      if (ops.length >= 2 && ops.slice(0, -1).some((w) => w.value.startsWith('/run/secrets/'))) {
        const last = ops[ops.length - 1];
        targets.push({ value: last.value, span: last.span, fromSecret: true });
      }
    }
    let content: string | undefined; // what the command writes, expanded once for all its targets
    for (const t of targets) {
      if (t.value.startsWith('/dev/')) continue;
      const secret = t.fromSecret ? { label: 'a build secret' } : classifySecretPath(t.value, () => (content ??= expandedText(cmd.words)));
      // Only secrets are resolved: each resolution copies the WORKDIR, and a command can have thousands of targets.
      const path = secret && resolveImagePath(model, run.instr, t.value, cwd);
      if (secret && path) written.push({ paths: [path], dir: false, label: secret.label, instr: run.instr, span: t.span });
    }
  }
  if (!written.length) return written;
  // Removed again in the same RUN: never reached a layer.
  const removed = removals(model, run).map((r) => r.path);
  return written.filter((a) => !a.paths.some((p) => removed.some((r) => covers(r, p))));
}

function copyArtifacts(model: DockerfileModel, path: string, files: Parameters<typeof copiedSecrets>[2]): Map<DInstruction, Artifact[]> {
  const byInstr = new Map<DInstruction, Artifact[]>();
  for (const { copy, source, secret, name } of copiedSecrets(model, path, files)) {
    if (copy.onbuild || !copy.dest?.value) continue;
    const dest = resolveImagePath(model, copy.instr, copy.dest.value);
    if (!dest) continue;
    const rel = contextPath(source);
    // A file found inside a copied folder lands at the same place below the destination.
    const inside = rel && rel !== name && name.startsWith(`${rel}/`) ? name.slice(rel.length + 1) : undefined;
    const base = basename(name.replace(/(?<!\/)\/+$/, ''));
    const intoDir = copy.dest.value.endsWith('/') || copy.sources.length > 1 || /[*?[]/.test(source.value ?? '');
    const dir = secret.kind === 'ssh-dir' || secret.kind === 'gnupg-dir' || (secret.kind === 'cloud-credentials' && !base.includes('.'));
    // A folder's contents go into the destination; a file goes into it when it is a folder.
    const paths = inside ? [`${dest.replace(/\/$/, '')}/${inside}`] : dir ? [dest] : intoDir ? [`${dest.replace(/\/$/, '')}/${base}`] : [dest, `${dest}/${base}`];
    const list = byInstr.get(copy.instr) ?? [];
    list.push({ paths, dir, label: secret.label, instr: copy.instr, span: source.span });
    byInstr.set(copy.instr, list);
  }
  for (const a of unreadConfigCopies(model, path, files)) {
    const list = byInstr.get(a.instr) ?? [];
    list.push(a);
    byInstr.set(a.instr, list);
  }
  return byInstr;
}

/**
 * Copied config files that hold a credential only sometimes (`.npmrc`, `.pypirc`, `pip.conf`,
 * `.docker/config.json`…) whose text cannot be read (not in the checkout, from another stage, no
 * files view). copiedSecrets skips them; deleting one in a later layer says the author thinks it holds one.
 */
function unreadConfigCopies(model: DockerfileModel, path: string, files: Parameters<typeof copiedSecrets>[2]): Artifact[] {
  const out: Artifact[] = [];
  const context = dirname(path);
  for (const copy of copyInstructions(model)) {
    if (copy.onbuild || !copy.dest?.value) continue;
    for (const source of copy.sources) {
      const name = copy.from === undefined ? contextPath(source) : source.value;
      if (source.kind !== 'local' || !name || name === '.' || hasWildcards(name)) continue;
      if (classifySecretPath(name) || !classifySecretPath(name, undefined, true)) continue;
      if (copy.from === undefined && files?.read(joinPath(context, name)) !== undefined) continue;
      const dest = resolveImagePath(model, copy.instr, copy.dest.value);
      if (!dest) continue;
      const base = basename(name);
      const intoDir = copy.dest.value.endsWith('/') || copy.sources.length > 1;
      const paths = intoDir ? [`${dest.replace(/\/$/, '')}/${base}`] : [dest, `${dest}/${base}`];
      out.push({ paths, dir: false, label: `the ${base} copied`, instr: copy.instr, span: source.span, unread: true });
    }
  }
  return out;
}

/** True when removing `removed` deletes `path` (the path itself, or a folder above it; globs allowed). */
function covers(removed: string, path: string): boolean {
  if (/[*?[]/.test(removed)) {
    for (let p = path; p && p !== '/'; p = p.slice(0, p.lastIndexOf('/')) || '/') if (globMatch(removed, p)) return true;
    return false;
  }
  return isUnder(path, removed);
}

export default defineRule({
  meta: {
    code: 'DF040',
    name: 'no-secret-removed-later',
    language: 'dockerfile',
    scope: 'unit',
    title: 'Secret deleted in a later layer (still in the image)',
    why: 'Each instruction adds a layer; deleting a file in a later RUN only hides it. The secret stays in the earlier ' + 'layer, where anyone who pulls the image can read it.',
    level: 'error',
    risk: 'critical',
    tags: ['security', 'secrets', 'CIS-4.10', 'CWE-538', 'CWE-212'],
    others: {},
    messages: {
      removedLater: message(
        '`{{command}}` does not remove {{label}} from the image: it was added at line {{line}} and stays in that layer. ',
        'Use a secret mount (`RUN --mount=type=secret,…`) so it never lands in a layer, and rotate it.',
      ),
      removedLaterUnread: message(
        '`{{command}}` does not remove {{label}} at line {{line}} from the image: it stays in that layer. Deleting it says it holds a ',
        'credential (its content cannot be read here to confirm). Use a secret mount (`RUN --mount=type=secret,…`) so it never lands in a layer.',
      ),
    },
  },
  *check({ model, path, files }) {
    // The stages to check and those they are built FROM (a model restricted to changed stages lists only the first).
    const checked = new Set(model.stages);
    const stages = [...new Set(model.stages.flatMap((s) => stageChain(s)))].sort((a, b) => a.index - b.index);
    const fromCopies = copyArtifacts({ ...model, instructions: stages.flatMap((s) => s.instructions) }, path, files);
    // Secret files in the image at the end of each stage (a stage built FROM another starts with its list).
    const atEnd = new Map<Stage, Artifact[]>();
    for (const stage of stages) {
      const present = stage.base.kind === 'stage' ? [...(atEnd.get(stage.base.stage) ?? [])] : [];
      for (const instr of stage.instructions) {
        if (instr.keyword !== 'RUN') {
          present.push(...(fromCopies.get(instr) ?? []));
          continue;
        }
        const run = runShell(model, instr);
        if (!run) continue;
        const reported = new Set<Artifact>();
        for (const { path: removed, word, command } of present.length && checked.has(stage) ? removals(model, run) : []) {
          const hit = present.find((a) => !reported.has(a) && a.paths.some((p) => covers(removed, p) || (a.dir && isUnder(removed, p))));
          if (!hit) continue;
          reported.add(hit);
          const line = model.file.positionAt(hit.span.start).line + 1;
          yield {
            messageId: hit.unread ? 'removedLaterUnread' : 'removedLater',
            span: word.span,
            data: { command: `${command} ${word.value}`, label: hit.label, line },
            level: hit.unread || !reachesFinalImage(model, instr.stage) ? 'warning' : undefined,
            related: [{ span: hit.span, message: `${hit.label} is added here` }],
          };
        }
        present.push(...runArtifacts(model, run));
      }
      atEnd.set(stage, present);
    }
  },
});
