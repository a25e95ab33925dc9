/**
 * The engine's public face, used by the language server and the CLI alike: detect a file's kind,
 * lint it with every registered rule, compute fixes and ignore comments.
 */
import type { ComposeModel } from './languages/compose.js';
import { composeLanguage } from './languages/compose-language.js';
import type { DockerfileModel } from './languages/dockerfile.js';
import { dockerfileLanguage } from './languages/dockerfile-language.js';
import type { LanguageSupport } from './engine/language.js';
import { fixesFor } from './engine/fixes.js';
import { type LintOptions, type LintResult, lint, lintSteps } from './engine/lint.js';
import { SourceText } from './engine/source.js';
import { ignoreCommentEdit } from './engine/suppress.js';
import type { Edit, Finding, Fix, LanguageId, Rule, RuleMeta } from './engine/types.js';
import { allRules } from './index.js';

export type { Edit, Finding, Fix, LanguageId, LintOptions, LintResult, Rule, RuleMeta };
export { SourceText, fixesFor };
export { applyEdits, normaliseEdits } from './engine/fixer.js';
export { fixAllSafe, type FixPass } from './engine/fix-all.js';
export { INTERNAL_CODE, ruleIsOn } from './engine/lint.js';
export { allRules };

const LANGUAGES: Record<LanguageId, LanguageSupport<unknown>> = {
  dockerfile: dockerfileLanguage as LanguageSupport<unknown>,
  compose: composeLanguage as LanguageSupport<unknown>,
};

/**
 * A rule's docs page, relative to a docs folder: the repository's `rules/`, and `dist/docs/` of the
 * extension and the npm package, which ship every page (there is no docs website: each front-end
 * links to the pages it ships).
 */
export function docsPath(meta: Pick<RuleMeta, 'language' | 'name'>): string {
  return `${meta.language}/${meta.name}.md`;
}

/** A rule's default level as tables show it: `hint`, or `off (hint)` for a rule that is off by default. */
export function defaultLevelText(meta: Pick<RuleMeta, 'level' | 'defaultOn'>): string {
  return meta.defaultOn === false ? `off (${meta.level})` : meta.level;
}

const NOT_DOCKERFILE_SUFFIX =
  /^(docker|container)file\.(dockerignore|containerignore|md|markdown|txt|rst|adoc|html?|json|ya?ml|toml|ini|sh|bash|ps1|py|js|ts|go|rb|png|jpe?g|gif|svg|ico|pdf|lock|orig|rej|swp)$/;

/** The file kind from a path: Dockerfile/Containerfile variants and Compose file names. */
export function detectLanguage(path: string): LanguageId | undefined {
  const base = path.replace(/\\/g, '/').split('/').pop() ?? '';
  const lower = base.toLowerCase();
  if (/^(docker|container)file(\..+)?$/.test(lower) || /\.(docker|container)file$/.test(lower)) {
    // `Dockerfile.dev` is a Dockerfile; `Dockerfile.md`, `Dockerfile.dockerignore` (BuildKit's per-file ignore) are not.
    return NOT_DOCKERFILE_SUFFIX.test(lower) ? undefined : 'dockerfile';
  }
  if (/^(docker-)?compose([.-][^/]*)?\.ya?ml$/.test(lower)) return 'compose';
  return undefined;
}

/** The file kind from an editor language id, falling back to the path for plain YAML. */
export function languageFromId(languageId: string, path: string): LanguageId | undefined {
  if (languageId === 'dockerfile') return 'dockerfile';
  if (languageId === 'dockercompose') return 'compose';
  if (languageId === 'yaml') return detectLanguage(path) === 'compose' ? 'compose' : undefined;
  return detectLanguage(path);
}

export function rulesFor(language: LanguageId): Rule<unknown>[] {
  return allRules.filter((r) => r.meta.language === language);
}

/** Rules by code, upper-cased name and alias (the first rule in order wins), for findRule: it runs once per diagnostic. */
let ruleIndex: { size: number; byKey: Map<string, Rule<unknown>> } | undefined;

export function findRule(codeOrName: string): Rule<unknown> | undefined {
  if (ruleIndex?.size !== allRules.length) {
    const byKey = new Map<string, Rule<unknown>>();
    for (const r of allRules as Rule<unknown>[]) {
      for (const key of [r.meta.code, r.meta.name.toUpperCase(), ...(r.meta.aliases ?? []).map((a) => a.toUpperCase())]) {
        if (!byKey.has(key)) byKey.set(key, r);
      }
    }
    ruleIndex = { size: allRules.length, byKey };
  }
  return ruleIndex.byKey.get(codeOrName.toUpperCase());
}

/** `previous`: the result for an earlier version of this file, linted with the same options (see lint). */
export function lintText(path: string, text: string, language: LanguageId, options: LintOptions = {}, previous?: LintResult<unknown>): LintResult<unknown> {
  const support = LANGUAGES[language];
  return lint(new SourceText(path, text), support, rulesFor(language), options, previous?.language === support ? previous : undefined);
}

/** lintText in steps (see lintSteps): for a caller that lets other work through between them. */
export function lintTextSteps(path: string, text: string, language: LanguageId, options: LintOptions = {}): Generator<void, LintResult<unknown>, void> {
  return lintSteps(new SourceText(path, text), LANGUAGES[language], rulesFor(language), options);
}

/** The edit behind "Ignore CODE for this line" for a finding of this result. */
export function ignoreEdit(result: LintResult<unknown>, finding: Finding): Edit {
  const lang = LANGUAGES[result.languageId as LanguageId];
  const line = finding.range.start.line;
  const start = result.model === undefined ? line : lang.statementStart(result.model, line);
  return ignoreCommentEdit(result.file, start, finding.code);
}

export type { ComposeModel, DockerfileModel };

// ---------------------------------------------------------------------------------------------
// What the front-ends need besides linting (the server reaches rules/ through this file only:
// test/meta/layers.test.ts). Grouped by use.

/** Rule levels and risk, other files, base-image facts, spans. */
export type { FilesView, ImageFacts, ImageFactsView, Level, LevelSetting, Risk, Span } from './engine/types.js';
/** `.bosun.yaml`: one resolver for the CLI and the editor. */
export type { FailLevel, FileOptions } from './engine/config.js';
export { ConfigResolver, type LoadedConfig, type ReadConfig, dirOf, isConfigFile } from './engine/config-resolver.js';
/** Glob matching without backtracking (`files.exclude`). */
export { matchesAny } from './engine/glob.js';
/** `/`-separated paths, as the engine spells them. */
export { dirname, relativeInside, relativePath } from './languages/paths.js';
/** The bash grammar RUN scripts are read with: each front-end loads its WebAssembly once. */
export { type ShellGrammarWasm, initShellGrammar, shellGrammarReady, shellParsesRefused } from './languages/shell-grammar.js';
/** Image references and where a project names images (pin to digest, base-image facts). */
export { type NormalisedRef, parseNormalisedRef, withDefaultTag } from './languages/image-ref.js';
export { DEFAULT_PLATFORM, type ImageSite, imageFactsKey, isRootConfigUser, normalisePlatform, stageImage } from './languages/image-facts.js';
export { GitIgnoreFile, builtDockerfile } from './languages/project.js';
