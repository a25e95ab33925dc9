/** Core types of the engine. Pure: nothing here knows about LSP transports or VS Code. */

export type Level = 'error' | 'warning' | 'info' | 'hint';
export type LevelSetting = Level | 'off';
export type Risk = 'critical' | 'high' | 'medium' | 'low';
export type LanguageId = 'dockerfile' | 'compose';

/** Half-open offset range into the source text. */
export interface Span {
  start: number;
  end: number;
}

/** Replace `[start, end)` with `text`. Offsets refer to the text the fix was computed on. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** A change to a file other than the one linted: edit it, or create it when `create` is set. */
export interface OtherFileChange {
  /** Absolute, `/`-separated. */
  path: string;
  /** Offsets into the file's current text (through the files view); for `create`, into the empty text. */
  edits: Edit[];
  /** The file does not exist yet: create it with the edits' text. */
  create?: boolean;
}

export interface Fix {
  title: string;
  /** Safe fixes never change what the image or container does; fix-all and --fix apply only these. */
  safe: boolean;
  /** Edits of the linted file (may be empty when the fix only changes other files). */
  edits: Edit[];
  /** Changes to other files (e.g. create or append a `.dockerignore`). */
  otherFiles?: OtherFileChange[];
}

export interface RelatedInfo {
  span: Span;
  message: string;
  /** Set when the span is in another file (absolute, `/`-separated); absent: the linted file. */
  path?: string;
}

/** What fills a message's `{{placeholders}}`. */
export type MessageData = Readonly<Record<string, string | number>>;

/**
 * What a rule's check yields: located by parser nodes, worded by a messageId. The engine sees any
 * report (the defaults); a rule sees its own message ids and fix data (define-rule.ts).
 */
export interface Report<MessageId extends string = string, FixData = unknown> {
  messageId: MessageId;
  span: Span;
  data?: MessageData;
  /** Overrides the rule's level for this report (e.g. escalate when a literal secret is present). */
  level?: Level;
  related?: RelatedInfo[];
  /** Whatever the rule's fix needs later; kept opaque by the engine. */
  fixData?: FixData;
}

/** The same concern in other tools: for docs, SARIF tags and honouring their suppressions. */
export interface OtherToolIds {
  hadolint?: string[];
  trivy?: string[];
  checkov?: string[];
  kics?: string[];
  buildkit?: string[];
  composeLint?: string[];
  dclint?: string[];
  semgrep?: string[];
}

export interface RuleMeta {
  /** Stable code (DF001…, DC001…), never reused. */
  code: string;
  /** kebab-case; equals the rule's file name and docs page name. */
  name: string;
  language: LanguageId;
  title: string;
  /** Why it matters, one or two sentences (hover, SARIF fullDescription). */
  why: string;
  level: Level;
  /**
   * `false`: off unless configured — a check most projects do not want, for those who do (turned on by
   * giving it a level in `.bosun.yaml` or `bosun.rules`, or by naming it with `--rule`). Default: on.
   */
  defaultOn?: boolean;
  risk: Risk;
  /** Free tags; CIS Docker Benchmark items as `CIS-4.1`, CWE as `CWE-250`. */
  tags: string[];
  others: OtherToolIds;
  messages: Record<string, string>;
  /**
   * The kinds of fix the rule's `fix()` returns: `safe` (every one is safe: fix-all may apply it),
   * `unsafe` (every one is offered only), `both` (either kind, by case or side by side); absent: no
   * fix. The RuleTester holds every case to it and requires the cases to show each declared kind.
   */
  fix?: 'safe' | 'unsafe' | 'both';
  /**
   * A fix no rule can compute because it needs the network, offered by the editor on this rule's
   * findings: `pin-digest` looks the image's digest up in its registry ("Pin to digest").
   */
  registryFix?: 'pin-digest';
  /** Old codes/names kept after a rename. */
  aliases?: string[];
  /**
   * `unit`: every finding lies in one unit of the file (a Dockerfile stage or the global prelude, a
   * Compose service) and depends only on what the language's unit key covers, so after an edit the
   * rule re-runs on changed units only (rules/engine/units.ts). Default `file`: re-run on everything.
   */
  scope?: 'file' | 'unit';
}

/**
 * Read-only view of other files, for cross-file rules (a compose `build:` → its Dockerfile,
 * `.dockerignore`, `.env`, `.gitignore`). Rules never read the disk themselves: the CLI backs this
 * with the file system, the language server with open documents first and the disk second.
 * Paths are absolute, with `/` separators.
 */
export interface FilesView {
  /** Text of the file, or undefined when it does not exist or cannot be read. */
  read(path: string): string | undefined;
  /** Names in a directory, or undefined when it is not one. */
  list(dir: string): string[] | undefined;
}

/**
 * What a base image's own config says (its registry's answer: the image config blob of the platform
 * manifest), looked up by the front-end before the lint — from the lock file or a cache, never by
 * rules. Every string comes from a registry: treat it as untrusted text.
 */
export interface ImageFacts {
  /** The reference looked up, normalised (`docker.io/library/node:20`), and the platform (`linux/amd64`). */
  reference: string;
  platform: string;
  /** Digest of the platform image's manifest (the config belongs to it), and of the index the tag names, if any. */
  digest: string;
  indexDigest?: string;
  /** The config's `User` (`''` when unset: root). */
  user: string;
  /** `Healthcheck.Test` when the config has one (`["NONE"]`: switched off). */
  healthcheck?: string[];
  env: string[];
  exposedPorts: string[];
  entrypoint?: string[];
  cmd?: string[];
  /** When the image was built (`created`, ISO 8601), when the config says. */
  created?: string;
  os?: string;
  architecture?: string;
  variant?: string;
  /** Its `org.opencontainers.image.*` labels. */
  labels: Record<string, string>;
  /** When the registry was asked (ISO 8601): ages are measured to this day, so the same facts give the same findings. */
  fetchedAt: string;
  /** Where the front-end found them. */
  source: 'lock' | 'cache';
}

/** Image facts by key (`imageFactsKey` in rules/languages/image-facts.ts). Read-only, in memory. */
export interface ImageFactsView {
  get(key: string): ImageFacts | undefined;
}

/** A rule's options as configured: whatever `.bosun.yaml` says, so each value is checked before use. */
export type RuleOptions<Name extends string = string> = { readonly [K in Name]?: unknown };

export interface RuleContext<Model, Options extends RuleOptions = RuleOptions> {
  model: Model;
  /** The rule's options from configuration (empty when none are set). */
  options: Options;
  /** Absolute path of the file being linted (`/`-separated). */
  path: string;
  /** Other files, when the caller provides them (absent in single-text contexts). */
  files?: FilesView;
  /** What base images' configs say, when the front-end has them (absent: rules judge by names only). */
  imageFacts?: ImageFactsView;
}

/** A rule as the engine runs it; rules are written with `defineRule`, which checks their types. */
export interface Rule<Model = unknown> {
  meta: RuleMeta;
  /** The options the rule reads (its docs page describes them). */
  options?: readonly string[];
  check(ctx: RuleContext<Model>): Iterable<Report>;
  fix?(report: Report, ctx: RuleContext<Model>): Fix[];
}

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Finding {
  code: string;
  rule: string;
  level: Level;
  message: string;
  span: Span;
  range: Range;
  /** `path` is set when the related location is in another file. */
  related: { range: Range; message: string; path?: string }[];
  /** Present on findings of real rules; absent on engine-internal findings. */
  report?: Report;
}
