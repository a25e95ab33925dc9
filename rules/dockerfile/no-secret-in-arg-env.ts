import type { Property } from 'dockerfile-ast';
import { defineRule, message } from '../languages/define-rule.js';
import { secretId } from '../knowledge/secret-id.js';
import type { Edit, Fix, RelatedInfo } from '../engine/types.js';
import { findTokenFormat, isNonSecretValue, isSecretName } from '../knowledge/secrets.js';
import { argOrEnvDeclaration, type DInstruction, type DockerfileModel, reachesFinalImage, type Stage, stageChain } from '../languages/dockerfile.js';
import { usesVariable } from '../languages/substitute.js';
import { removePropertiesEdits } from '../languages/shell-edit.js';
import { firstNotBefore } from '../engine/sorted-search.js';

/** One `NAME[=value]` of an ARG or ENV instruction (or of the ARG/ENV an ONBUILD triggers). */
interface Decl {
  instr: DInstruction;
  keyword: 'ARG' | 'ENV';
  index: number;
  prop: Property;
  onbuild: boolean;
}

interface FixData {
  decl: Decl;
}

/** The `NAME[=value]` pairs of an ARG/ENV (or of the ARG/ENV an ONBUILD triggers), as Decls. */
function declsOf(instr: DInstruction): Decl[] {
  const decl = argOrEnvDeclaration(instr);
  if (!decl) return [];
  const { keyword, onbuild } = decl;
  return decl.properties.map((prop, index) => ({ instr, keyword, index, prop, onbuild }));
}

/** `$NAME` or `${NAME}` and nothing else: the value passes a same-named ARG through. */
function isSelfReference(value: string, name: string): boolean {
  const v = value.trim();
  return v === `$${name}` || v === `\${${name}}`;
}

/** Stages built FROM `stage`, directly or through other stages. */
function descendants(model: DockerfileModel, stage: Stage): Stage[] {
  return model.stages.filter((s) => s !== stage && stageChain(s).includes(stage));
}

function textOf(model: DockerfileModel, range: Parameters<DockerfileModel['file']['spanOf']>[0]): string {
  const s = model.file.spanOf(range);
  return model.file.text.slice(s.start, s.end);
}

/** Per model: the instructions that mention each name (a word of their text or script, a name they declare), in file order. */
const mentionIndex = new WeakMap<DockerfileModel, Map<string, DInstruction[]>>();

function mentioning(model: DockerfileModel, name: string): readonly DInstruction[] {
  // A name of another shape (`ARG a-b`) may be read where its words are not ours: every instruction.
  if (!/^[A-Za-z_]\w*$/.test(name)) return model.instructions;
  let index = mentionIndex.get(model);
  if (!index) {
    const built = new Map<string, DInstruction[]>();
    const note = (word: string, instr: DInstruction) => {
      const list = built.get(word);
      if (!list) built.set(word, [instr]);
      else if (list[list.length - 1] !== instr) list.push(instr);
    };
    for (const instr of model.instructions) {
      const texts = [model.file.text.slice(instr.span.start, instr.span.end)];
      if (instr.keyword === 'RUN') texts.push(model.run(instr).script);
      for (const d of declsOf(instr)) texts.push(d.prop.getName(), d.prop.getValue() ?? '');
      for (const text of texts) for (const m of text.matchAll(/[A-Za-z_]\w*/g)) note(m[0], instr);
    }
    mentionIndex.set(model, (index = built));
  }
  return index.get(name) ?? [];
}

interface Plan {
  /** Declarations to delete. */
  decls: Decl[];
  /** RUN instructions that get `--mount=type=secret,…,env=NAME`. */
  mounts: DInstruction[];
}

/**
 * What converting NAME to a secret mount touches: the declaration, the declarations chained to it
 * (`ARG X` + `ENV X=$X`, a global `ARG X` and its per-stage `ARG X`), and the RUNs that read `$X`
 * where those declarations are in force. Undefined when a non-RUN instruction reads the variable,
 * it is redefined with another value, or no RUN uses it (then it is probably meant for run time, or
 * read from the environment by a tool, and a build secret would silently break the build).
 */
function planConversion(model: DockerfileModel, start: Decl): Plan | undefined {
  const name = start.prop.getName();
  const { file } = model;
  const decls: Decl[] = [];
  const mounts = new Set<DInstruction>();
  let used = false;
  const key = (d: Decl) => `${d.instr.span.start}:${d.index}`;
  const seen = new Set<string>();
  const queue: Decl[] = [];
  const add = (d: Decl) => {
    if (d.onbuild || seen.has(key(d))) return;
    seen.add(key(d));
    decls.push(d);
    queue.push(d);
  };

  // Only instructions that mention the name can matter below; they are looked up, not searched (a
  // file with thousands of secret ENVs gets a fix for each).
  const mentions = mentioning(model, name);
  const afterIndex = (instr: DInstruction) => firstNotBefore(mentions.length, (i) => mentions[i].span.start <= instr.span.start);

  /** The ARG NAME (global or in `stage`) an `ENV NAME=$NAME` or stage `ARG NAME` takes its value from. */
  const sourceArg = (d: Decl): Decl | undefined => {
    const stage = d.instr.stage;
    const before = afterIndex(d.instr) - 1;
    for (let i = before; i >= 0; i--) {
      const instr = mentions[i];
      if (instr === d.instr || instr.stage !== stage || (stage && instr === stage.from)) continue;
      const found = declsOf(instr).find((x) => x.keyword === 'ARG' && x.prop.getName() === name && !x.onbuild);
      if (found) return found;
    }
    if (stage && d.keyword === 'ARG') {
      // A stage's `ARG NAME` without a value inherits the global ARG's default.
      for (let i = before; i >= 0; i--) {
        if (mentions[i].stage) continue;
        const found = declsOf(mentions[i]).find((x) => x.keyword === 'ARG' && x.prop.getName() === name);
        if (found) return found;
      }
    }
    return undefined;
  };

  /** Instructions that see the declaration's value and mention the name, in file order. */
  function* scopeOf(d: Decl): Generator<DInstruction> {
    const stage = d.instr.stage;
    // ENV is inherited by stages built FROM this one; ARG is not.
    const inherits = stage && d.keyword === 'ENV' ? new Set(descendants(model, stage)) : undefined;
    for (let i = afterIndex(d.instr); i < mentions.length; i++) {
      const instr = mentions[i];
      const s = instr.stage;
      if (!stage) {
        // A global ARG: later global ARGs, every FROM, and the stages that re-declare it.
        if (!s || instr === s.from || declsOf(instr).some((x) => x.keyword === 'ARG' && x.prop.getName() === name && x.prop.getValue() === null)) yield instr;
      } else if (s && instr !== s.from && (s === stage || inherits?.has(s))) {
        yield instr;
      }
    }
  }

  add(start);
  for (let d = queue.shift(); d; d = queue.shift()) {
    const value = d.prop.getValue();
    if (d.instr.stage && (value === null ? d.keyword === 'ARG' : isSelfReference(value, name))) {
      const src = sourceArg(d);
      if (src) add(src);
    }
    for (const instr of scopeOf(d)) {
      const others = instr.keyword === 'ONBUILD' ? [] : declsOf(instr);
      if (others.length) {
        for (const o of others) {
          const v = o.prop.getValue();
          if (o.prop.getName() === name) {
            if (v === null || isSelfReference(v, name)) add(o);
            else return undefined; // redefined with another value
          } else if (v !== null && usesVariable(textOf(model, o.prop.getRange()), name)) {
            return undefined; // another variable is built from it
          }
        }
        continue;
      }
      if (instr.keyword === 'RUN') {
        const run = model.run(instr);
        if (usesVariable(file.text.slice(instr.keywordSpan.end, run.scriptSpan.start), name)) return undefined;
        if (!usesVariable(run.script, name)) continue;
        used = true;
        const mounted = run.flags.some((f) => f.name === 'mount' && f.options.get('type') === 'secret' && f.options.get('env') === name);
        if (!mounted) mounts.add(instr);
        continue;
      }
      if (instr.keyword === 'FROM') {
        const fromText = file.text.slice(instr.keywordSpan.end, instr.span.end);
        if (usesVariable(fromText, name)) return undefined;
        continue;
      }
      if (usesVariable(file.text.slice(instr.keywordSpan.end, instr.span.end), name)) return undefined;
    }
  }
  if (!used) return undefined;
  return { decls, mounts: [...mounts] };
}

/** `# syntax=docker/dockerfile:1` when missing; a pinned frontend older than 1.10 (no secret `env=`) is raised to 1.10. */
function syntaxEdit(model: DockerfileModel): Edit | undefined {
  const directive = model.ast.getDirectives().find((d) => d.getName().toLowerCase() === 'syntax');
  const top = model.file.lineContentStart(0);
  if (!directive) return { start: top, end: top, text: `# syntax=docker/dockerfile:1${model.file.eol}` };
  const m = /^((?:docker\.io\/)?docker\/dockerfile(?:-upstream)?):1\.(\d+)(?:\.\d+)?(-labs)?(?:@\S+)?$/.exec(directive.getValue());
  const range = directive.getValueRange();
  if (!m || Number(m[2]) >= 10 || !range) return undefined;
  const s = model.file.spanOf(range);
  return { start: s.start, end: s.end, text: `${m[1]}:1.10${m[3] ?? ''}` };
}

function convertFix(model: DockerfileModel, decl: Decl): Fix | undefined {
  if (decl.onbuild) return undefined;
  const plan = planConversion(model, decl);
  if (!plan) return undefined;
  const name = decl.prop.getName();
  const edits: Edit[] = [];
  const byInstr = new Map<DInstruction, { keyword: string; removed: Set<number> }>();
  for (const d of plan.decls) {
    let entry = byInstr.get(d.instr);
    if (!entry) byInstr.set(d.instr, (entry = { keyword: d.keyword, removed: new Set() }));
    entry.removed.add(d.index);
  }
  for (const [instr, { keyword, removed }] of byInstr) {
    const decl = argOrEnvDeclaration(instr);
    const cut = decl && removePropertiesEdits(model, instr, keyword, decl.properties, removed);
    if (!cut) return undefined;
    edits.push(...cut);
  }
  for (const instr of plan.mounts) {
    const at = model.run(instr).flagInsertAt;
    edits.push({ start: at, end: at, text: `--mount=type=secret,id=${secretId(name)},env=${name} ` });
  }
  const syntax = syntaxEdit(model);
  if (syntax) {
    // An insertion at the top next to a deletion starting there would be dropped by normaliseEdits: merge them.
    const atTop = syntax.end === syntax.start ? edits.find((e) => e.start === syntax.start) : undefined;
    if (atTop) atTop.text = syntax.text + atTop.text;
    else edits.push(syntax);
  }
  return { title: `Convert ${name} to a secret mount`, safe: false, edits };
}

export default defineRule({
  meta: {
    code: 'DF002',
    name: 'no-secret-in-arg-env',
    language: 'dockerfile',
    title: 'Secret passed in ARG or ENV',
    why:
      'ENV values are stored in the image config and ARG values in the build history and cache, where ' +
      'anyone who can pull the image or read the cache can read them. Build secrets belong in secret mounts.',
    level: 'warning',
    risk: 'high',
    tags: ['security', 'secrets', 'CIS-4.10', 'CWE-798', 'CWE-538'],
    others: {
      hadolint: ['DL3064'],
      trivy: ['DS-0031'],
      buildkit: ['SecretsUsedInArgOrEnv'],
    },
    messages: {
      arg: message(
        'ARG {{name}} looks like a secret: build argument values are kept in the image history and the build cache. ',
        'Use a secret mount and pass it with `docker build --secret id={{id}},env={{name}}`.',
      ),
      env: message(
        'ENV {{name}} looks like a secret: ENV values are stored in the image config, readable by anyone who can pull the image. ',
        'Use a secret mount and pass it with `docker build --secret id={{id}},env={{name}}`.',
      ),
      envBuildStage: message(
        'ENV {{name}} looks like a secret: it is stored in the config of build stage {{stage}} and in the build cache ',
        '(the final image does not inherit it). Use a secret mount and pass it with `docker build --secret id={{id}},env={{name}}`.',
      ),
      argLiteral: message(
        'ARG {{name}} has a literal {{kind}} as its default: it is committed with this file and kept in the image history. ',
        'Revoke it, then use a secret mount: `docker build --secret id={{id}},env={{name}}`.',
      ),
      envLiteral: message(
        'ENV {{name}} holds a literal {{kind}}: it is committed with this file and stored in the image. ',
        'Revoke it, then use a secret mount: `docker build --secret id={{id}},env={{name}}`.',
      ),
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    const { file } = model;
    for (const instr of model.instructions) {
      for (const decl of declsOf(instr)) {
        const { prop, keyword } = decl;
        const name = prop.getName();
        if (!isSecretName(name)) continue;
        const value = prop.getValue();
        // `ENV X` alone is invalid; an empty ENV value or a switch/path value holds no secret.
        if (keyword === 'ENV' && (value === null || isNonSecretValue(value))) continue;
        if (keyword === 'ARG' && value !== null && value.trim() !== '' && isNonSecretValue(value)) continue;
        const nameSpan = file.spanOf(prop.getNameRange());
        const data = { name, id: secretId(name) };
        const valueRange = prop.getValueRange();
        const valueSpan = valueRange ? file.spanOf(valueRange) : undefined;
        const token = valueSpan ? findTokenFormat(file.text.slice(valueSpan.start, valueSpan.end)) : undefined;
        const fixData: FixData = { decl };
        if (token && valueSpan) {
          const related: RelatedInfo[] = [
            {
              span: { start: valueSpan.start + token.span.start, end: valueSpan.start + token.span.end },
              message: `This looks like a ${token.kind}: treat it as leaked and revoke it.`,
            },
          ];
          yield {
            messageId: keyword === 'ARG' ? 'argLiteral' : 'envLiteral',
            span: nameSpan,
            data: { ...data, kind: token.kind },
            level: 'error',
            related,
            fixData,
          };
          continue;
        }
        const stage = instr.stage;
        if (keyword === 'ENV' && !decl.onbuild && stage && !reachesFinalImage(model, stage)) {
          yield { messageId: 'envBuildStage', span: nameSpan, data: { ...data, stage: stage.name ?? String(stage.index) }, fixData };
        } else {
          yield { messageId: keyword === 'ARG' ? 'arg' : 'env', span: nameSpan, data, fixData };
        }
      }
    }
  },
  fix(report, { model }) {
    const data = report.fixData;
    if (!data?.decl) return [];
    const fix = convertFix(model, data.decl);
    return fix ? [fix] : [];
  },
});
