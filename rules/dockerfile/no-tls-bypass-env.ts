import type { Property } from 'dockerfile-ast';
import { defineRule } from '../languages/define-rule.js';
import type { Edit } from '../engine/types.js';
import { tlsDisablingEnv } from '../knowledge/tls.js';
import { argOrEnvDeclaration, type DInstruction, type DockerfileModel, resolveAt } from '../languages/dockerfile.js';
import { type RunShell, type ShellCommand, commandName, commandsWhere, runShells } from '../languages/shell.js';
import { removeCommandEdit, removeInstructionEdit, removePropertiesEdits, removeWordsEdit, runSite } from '../languages/shell-edit.js';

interface FixData {
  edit: Edit;
  name: string;
}

/** Deletes one `NAME=value` of an ENV/ARG; the whole instruction when it is the only one. */
function removePropertyEdit(model: DockerfileModel, instr: DInstruction, keyword: string, props: Property[], index: number): Edit | undefined {
  const edits = removePropertiesEdits(model, instr, keyword, props, new Set([index]));
  return edits?.length === 1 ? edits[0] : undefined;
}

/**
 * The value an ENV/ARG gives, with ARG and ENV values before it substituted; undefined when a variable
 * in it has no known value (a build argument without default) or in an ONBUILD (the child's values decide).
 */
function knownValue(model: DockerfileModel, instr: DInstruction, written: string): string | undefined {
  if (!written.includes('$')) return written;
  if (instr.keyword === 'ONBUILD') return undefined;
  const r = resolveAt(model, instr, written);
  return r.unknown ? undefined : r.value;
}

const EXPORTERS = new Set(['export', 'declare', 'typeset']);

/** Assignments that reach a process's environment: `X=0 cmd`, `env X=0 cmd`, `export X=0`. */
function* runAssignments(cmd: ShellCommand): Generator<{ word: ShellCommand['words'][number]; name: string; value: string; export: boolean }> {
  const name = commandName(cmd);
  if (!name) return; // `X=0` alone sets a shell variable no program sees
  const isExport = EXPORTERS.has(name.name);
  const list = isExport ? cmd.words.slice(name.index + 1) : cmd.words.slice(0, name.index);
  for (const word of list) {
    if (word.redirect) continue;
    const m = /^([A-Za-z_]\w*)=(.*)$/s.exec(word.value);
    if (m) yield { word, name: m[1], value: m[2], export: isExport };
  }
}

export default defineRule({
  meta: {
    code: 'DF027',
    name: 'no-tls-bypass-env',
    language: 'dockerfile',
    scope: 'unit',
    title: 'Environment variable turns TLS verification off',
    why:
      'Variables like NODE_TLS_REJECT_UNAUTHORIZED=0, PYTHONHTTPSVERIFY=0 or GIT_SSL_NO_VERIFY make every tool that ' +
      'reads them accept any certificate, at build time and, for ENV, in every container started from the image.',
    level: 'error',
    risk: 'high',
    tags: ['security', 'tls', 'CIS-4.11', 'CWE-295'],
    others: {
      checkov: ['CKV2_DOCKER_5', 'CKV2_DOCKER_6', 'CKV2_DOCKER_12', 'CKV2_DOCKER_14', 'CKV2_DOCKER_16'],
    },
    messages: {
      env: '{{keyword}} {{name}}={{value}}: {{effect}}, in every container started from this image.',
      arg: 'ARG {{name}}={{value}}: {{effect}} in every RUN of this stage.',
      run: '{{name}}={{value}}: {{effect}} for this command.',
    },
    fix: 'safe',
  },
  *check({ model }) {
    const { file } = model;
    let lastReads: Map<string, number> | undefined;
    for (const instr of model.instructions) {
      const decl = argOrEnvDeclaration(instr);
      if (!decl) continue;
      const props = decl.properties;
      for (let i = 0; i < props.length; i++) {
        const written = props[i].getValue();
        // `ARG X` without a default sets nothing.
        if (written === null) continue;
        const value = knownValue(model, instr, written);
        if (value === undefined) continue;
        const name = props[i].getName();
        const effect = tlsDisablingEnv(name, value);
        if (!effect) continue;
        // Removing a variable that a later instruction reads (`ENV X=${X}`, `RUN … $X`) would leave it set
        // to '' there, which some tools still take as "off" (git's GIT_SSL_NO_VERIFY) and Bosun no longer sees.
        lastReads ??= lastReadOf(model);
        const readLater = (lastReads.get(name) ?? -1) > instr.span.start;
        // An ARG is removed only with its literal value (`ARG X=${Y}`: the value is Y's); an ENV also with a copied one.
        const removable = !readLater && (value === written || decl.keyword === 'ENV');
        const edit = removable ? removePropertyEdit(model, instr, decl.keyword, props, i) : undefined;
        const keyword = decl.onbuild ? `ONBUILD ${decl.keyword}` : decl.keyword;
        // A value from variables (`ENV GIT_SSL_NO_VERIFY ${GIT_SSL_NO_VERIFY}`) is reported with what it resolves to.
        const shown = value === written ? value : `${written} (= ${value})`;
        yield {
          messageId: decl.keyword === 'ARG' ? 'arg' : 'env',
          span: file.spanOf(props[i].getRange()),
          data: { keyword, name, value: shown, effect },
          fixData: edit && ({ edit, name } satisfies FixData),
        };
      }
    }
    for (const run of runShells(model)) {
      // Assignments are written before the name, or after `export` (most commands have neither).
      for (const cmd of commandsWhere(run.all, (n) => EXPORTERS.has(n), true)) {
        for (const a of runAssignments(cmd)) {
          if (a.value.includes('$')) continue;
          const effect = tlsDisablingEnv(a.name, a.value);
          if (!effect) continue;
          const edit = assignmentEdit(model, run, cmd, a.word, a.export);
          yield { messageId: 'run', span: a.word.span, data: { name: a.name, value: a.value, effect }, fixData: edit && ({ edit, name: a.name } satisfies FixData) };
        }
      }
    }
  },
  fix(report) {
    const data = report.fixData;
    if (!data) return [];
    return [{ title: `Remove ${data.name} (keep TLS verification on)`, safe: true, edits: [data.edit] }];
  },
});

/** Where each variable is last read: the start of the last instruction that reads it (instructions are in file order). */
function lastReadOf(model: DockerfileModel): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of model.instructions) for (const v of o.node.getVariables()) out.set(v.getName(), o.span.start);
  return out;
}

/** Removes an assignment word; an `export` of only this variable goes as a whole command. */
function assignmentEdit(model: DockerfileModel, run: RunShell, cmd: ShellCommand, word: ShellCommand['words'][number], exported: boolean): Edit | undefined {
  const name = commandName(cmd);
  const args = name ? cmd.words.slice(name.index + 1).filter((w) => !w.redirect) : [];
  if (exported && args.length === 1) {
    const list = run.commands.includes(cmd) ? run.commands : undefined;
    if (!list) return undefined;
    if (list.length === 1) return removeInstructionEdit(model, run.instr);
    return removeCommandEdit(runSite(model, run), list, list.indexOf(cmd));
  }
  return removeWordsEdit(runSite(model, run, cmd), [word.span]);
}
