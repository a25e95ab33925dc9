/**
 * LSP harness: spawns a language server over stdio (Bosun or a peer, the same code path for all),
 * opens one document and measures what the user sees:
 *  - time from didOpen to the first diagnostics;
 *  - one-character edits sent as incremental didChange, each timed until the diagnostics for *that*
 *    edit arrive (by `version` when the server sends one; otherwise the next publish after the edit,
 *    which is exact because each edit waits for its diagnostics before the next is typed);
 *  - 10-keystroke bursts typed at a steady pace, timed from the last keystroke until the
 *    diagnostics of the final text are in;
 *  - codeAction latency on the server's own diagnostics;
 *  - the server process's resident memory afterwards (/proc/<pid>/status).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Diagnostic, PublishDiagnosticsParams, Range } from 'vscode-languageserver-protocol';
import { type MessageConnection, StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type Summary, summarize } from './stats';

export interface ServerSpec {
  /** Shown in tables. */
  name: string;
  command: string;
  args: string[];
  /** Environment variables added to the harness's own. */
  env?: Record<string, string>;
  languageId: string;
  /** Answers to workspace/configuration, by section. */
  settings(section: string | undefined): unknown;
  /** Sent once after `initialized`. */
  didChangeConfiguration?: unknown;
  /**
   * How to tell which publish belongs to an edit when the server sends no `version`:
   *  - 'each': the server validates every change, in order (one publish per change);
   *  - 'debounced': the server coalesces changes; the final publish is the last one before a quiet period.
   */
  unversioned?: 'each' | 'debounced';
  /** A fixed delay the server waits before validating (counted: it is what the user waits). */
  debounceMs?: number;
  /** What this server checks, for the table's notes. */
  checks: string;
}

export interface EditSite {
  line: number;
  character: number;
  /** Typed one character per edit, then deleted again one backspace per edit. */
  text: string;
  kind: string;
}

export interface Input {
  name: string;
  language: 'dockerfile' | 'compose';
  lines: number;
  uri: string;
  text: string;
  cwd: string;
  rootUri: string;
}

export interface LspResult {
  server: string;
  /** What the server checks (from its spec). */
  checks: string;
  input: string;
  lines: number;
  versioned: boolean;
  firstDiagnosticsMs: number;
  /** Diagnostics in the settled publish of the unedited document. */
  diagnostics: number;
  warmupEdits: number;
  edit: Summary;
  /** Per edit kind: p50 and max (which places are slow). */
  editByKind: Record<string, { n: number; p50: number; max: number }>;
  burstSettle: Summary;
  /** From the first keystroke of a burst to the diagnostics of its final text. */
  burstTotal: Summary;
  codeAction: Summary & { actions: number };
  /** VmRSS right after the last request. */
  rssKiB?: number;
  /** VmRSS once the server has been idle for IDLE_MEMORY_MS: what it holds while the user reads or thinks. */
  rssIdleKiB?: number;
  hwmKiB?: number;
  editsPlanned: number;
  /** The time budget ran out before every planned edit was typed. */
  truncated: boolean;
  error?: string;
  stderrTail: string;
}

/** How long a server is left idle before its memory is read again (Bosun compacts its heap after 2 s idle). */
export const IDLE_MEMORY_MS = 3000;

interface Publish {
  seq: number;
  at: number;
  params: PublishDiagnosticsParams;
}

type Keystroke = { range: Range; text: string };

/** The keystrokes that type `site.text` one character at a time, then remove it one backspace at a time. */
export function keystrokes(site: EditSite): Keystroke[] {
  const out: Keystroke[] = [];
  const { line, character } = site;
  for (let i = 0; i < site.text.length; i++) {
    const pos = { line, character: character + i };
    out.push({ range: { start: pos, end: pos }, text: site.text[i] });
  }
  for (let i = site.text.length; i > 0; i--) {
    out.push({ range: { start: { line, character: character + i - 1 }, end: { line, character: character + i } }, text: '' });
  }
  return out;
}

/** One server with one open document, driven step by step (so two servers can be measured in turns). */
export class LspRun {
  private readonly child: ChildProcess;
  private readonly connection: MessageConnection;
  private seq = 0;
  private readonly published: Publish[] = [];
  private waiters: { test: (p: Publish) => boolean; resolve: (p: Publish) => void }[] = [];
  private stderr = '';
  private doc: TextDocument;
  private readonly versioned: boolean;
  private spent = 0;
  readonly result: LspResult;

  constructor(
    readonly spec: ServerSpec,
    readonly input: Input,
    /** Time budget for typing (edits and bursts); warm-up and opening are not counted. */
    private readonly budgetMs: number,
    private readonly timeoutMs: number,
  ) {
    this.versioned = !spec.unversioned;
    this.doc = TextDocument.create(input.uri, spec.languageId, 1, input.text);
    this.result = {
      server: spec.name,
      checks: spec.checks,
      input: input.name,
      lines: input.lines,
      versioned: this.versioned,
      firstDiagnosticsMs: NaN,
      diagnostics: 0,
      warmupEdits: 0,
      edit: summarize([]),
      editByKind: {},
      burstSettle: summarize([]),
      burstTotal: summarize([]),
      codeAction: { ...summarize([]), actions: 0 },
      editsPlanned: 0,
      truncated: false,
      stderrTail: '',
    };
    this.child = spawn(spec.command, spec.args, { cwd: input.cwd, env: { ...process.env, ...spec.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d) => (this.stderr = (this.stderr + d).slice(-4000)));
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification((method, params) => {
      if (method !== 'textDocument/publishDiagnostics') return;
      const p: Publish = { seq: ++this.seq, at: performance.now(), params: params as PublishDiagnosticsParams };
      this.published.push(p);
      if (this.published.length > 64) this.published.shift();
      for (const w of [...this.waiters]) {
        if (w.test(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    this.connection.onRequest((method, params) => {
      if (method === 'workspace/configuration') {
        return (params as { items: { section?: string }[] }).items.map((i) => spec.settings(i.section) ?? null);
      }
      if (method === 'workspace/workspaceFolders') return [{ uri: input.rootUri, name: 'bench' }];
      return null; // client/registerCapability, window/workDoneProgress/create, …
    });
    this.connection.listen();
  }

  get overBudget(): boolean {
    return this.spent > this.budgetMs;
  }

  private get uri(): string {
    return this.input.uri;
  }

  private last(): Publish | undefined {
    for (let i = this.published.length - 1; i >= 0; i--) if (this.published[i].params.uri === this.uri) return this.published[i];
    return undefined;
  }

  /** The first publish for our document (already received or future) matching `test`. */
  private waitFor(test: (p: Publish) => boolean, what: string): Promise<Publish> {
    const mine = (p: Publish) => p.params.uri === this.uri && test(p);
    const hit = this.published.find(mine);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const done = (p: Publish) => {
        clearTimeout(timer);
        resolve(p);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`${this.spec.name}: no diagnostics ${what} within ${this.timeoutMs} ms. stderr: ${this.stderr.slice(-300)}`));
      }, this.timeoutMs);
      this.waiters.push({ test: mine, resolve: done });
    });
  }

  /** Resolves once no publish has arrived for `quietMs`; returns the last publish for our document. */
  private async quiet(quietMs: number): Promise<Publish | undefined> {
    let seen = this.seq;
    for (;;) {
      await sleep(quietMs);
      if (this.seq === seen) return this.last();
      seen = this.seq;
    }
  }

  /**
   * How long without a publish means "done". A debounced server that takes seconds to validate may
   * still publish after a short silence, so the window grows with the slowest validation seen.
   */
  private get quietMs(): number {
    const slowest = Math.max(Number.isFinite(this.result.firstDiagnosticsMs) ? this.result.firstDiagnosticsMs : 0, ...this.samples, 0);
    return Math.max(300, (this.spec.debounceMs ?? 0) * 2, this.spec.unversioned === 'debounced' ? 1.25 * slowest : 0);
  }

  /**
   * Sends one change and returns the time it was sent. Our own copy of the text is updated only after
   * the message is written, so the harness's work is not counted against the server.
   */
  private async send(k: Keystroke): Promise<number> {
    const version = this.doc.version + 1;
    const t0 = performance.now();
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: this.uri, version },
      contentChanges: [{ range: k.range, text: k.text }],
    });
    this.doc = TextDocument.create(this.uri, this.spec.languageId, version, TextDocument.applyEdits(this.doc, [{ range: k.range, newText: k.text }]));
    return t0;
  }

  /** Types one keystroke and resolves with the time until its diagnostics arrive. */
  private async type(k: Keystroke): Promise<number> {
    const seqBefore = this.seq;
    const t0 = await this.send(k);
    const v = this.doc.version;
    const p = await this.waitFor((x) => (this.versioned ? x.params.version === v : x.seq > seqBefore), `for version ${v}`);
    return p.at - t0;
  }

  async open(): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: this.input.rootUri,
      workspaceFolders: [{ uri: this.input.rootUri, name: 'bench' }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          synchronization: { dynamicRegistration: true, didSave: true },
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
        },
      },
    });
    await this.connection.sendNotification('initialized', {});
    if (this.spec.didChangeConfiguration !== undefined) {
      await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: this.spec.didChangeConfiguration });
    }
    // Let the server finish starting (configuration pulls, registrations) before the clock starts.
    await this.quiet(200);
    const before = this.seq;
    const t0 = performance.now();
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: this.uri, languageId: this.spec.languageId, version: 1, text: this.input.text },
    });
    const first = await this.waitFor((p) => p.seq > before && (!this.versioned || p.params.version === 1), 'after didOpen');
    this.result.firstDiagnosticsMs = first.at - t0;
    // Schema loading, configuration pulls and re-validations finish before typing starts.
    const settled = await this.quiet(this.quietMs);
    this.result.diagnostics = settled?.params.diagnostics.length ?? first.params.diagnostics.length;
  }

  /** Unmeasured typing so the server's JIT is warm; stops (and undoes) once `maxMs` is spent. */
  async warmup(sites: EditSite[], maxMs: number): Promise<void> {
    // For a server slower than the whole warm-up allowance, opening the document was warm-up enough.
    if (this.result.firstDiagnosticsMs > maxMs) return;
    const deadline = performance.now() + maxMs;
    for (const site of sites) {
      if (!(await this.typeSite(site, () => performance.now() > deadline))) break;
    }
  }

  private samples: number[] = [];
  private byKind: Record<string, number[]> = {};

  /**
   * Types a site and deletes it again, one keystroke at a time (measured unless `stop` is given for
   * warm-up). When the budget runs out midway, the rest of the site is undone in one unmeasured
   * change so the text stays as generated. Returns false when it stopped early.
   */
  async typeSite(site: EditSite, stop?: () => boolean): Promise<boolean> {
    const measured = !stop;
    const ks = keystrokes(site);
    for (let i = 0; i < ks.length; i++) {
      if (measured ? this.overBudget : i > 0 && stop()) {
        await this.restore(site, i);
        return false;
      }
      const t = await this.type(ks[i]);
      if (measured) {
        this.spent += t;
        this.samples.push(t);
        (this.byKind[site.kind] ??= []).push(t);
      } else {
        this.result.warmupEdits++;
      }
    }
    return true;
  }

  /** After `done` of a site's keystrokes, puts the generated text back with one change. */
  private async restore(site: EditSite, done: number): Promise<void> {
    const typed = done <= site.text.length ? done : 2 * site.text.length - done;
    if (typed === 0) return;
    const start = { line: site.line, character: site.character };
    await this.send({ range: { start, end: { line: site.line, character: site.character + typed } }, text: '' });
    const v = this.doc.version;
    if (this.versioned) await this.waitFor((x) => x.params.version === v, `for version ${v}`);
    else await this.quiet(this.quietMs);
  }

  private settle: number[] = [];
  private total: number[] = [];

  /** Types the site's text as one burst at `intervalMs` per key, then deletes it as a second burst. */
  async burst(site: EditSite, intervalMs: number): Promise<void> {
    const ks = keystrokes(site);
    for (const half of [ks.slice(0, site.text.length), ks.slice(site.text.length)]) {
      const seqBefore = this.seq;
      let tFirst = performance.now();
      let tLast = tFirst;
      for (let i = 0; i < half.length; i++) {
        if (i > 0) await sleep(intervalMs);
        tLast = await this.send(half[i]);
        if (i === 0) tFirst = tLast;
      }
      const v = this.doc.version;
      let p: Publish;
      if (this.versioned) {
        p = await this.waitFor((x) => x.params.version === v, `for burst version ${v}`);
      } else if (this.spec.unversioned === 'each') {
        p = await this.waitFor((x) => x.seq >= seqBefore + half.length, 'for the last burst keystroke');
      } else {
        // Debounced and unversioned: the final text's diagnostics are the last publish before it goes quiet.
        await this.waitFor((x) => x.at > tLast, 'after the burst');
        p = (await this.quiet(this.quietMs))!;
      }
      this.settle.push(Math.max(0, p.at - tLast));
      this.total.push(p.at - tFirst);
      this.spent += p.at - tFirst;
    }
  }

  /** codeAction requests on the server's own diagnostics (cycled), or on edit sites when it has none. */
  async codeActions(count: number, sites: EditSite[]): Promise<void> {
    const diags: Diagnostic[] = this.last()?.params.diagnostics ?? [];
    const times: number[] = [];
    let actions = 0;
    for (let i = 0; i < count; i++) {
      const d = diags.length ? diags[(i * 7) % diags.length] : undefined;
      const site = sites[i % sites.length];
      const range = d?.range ?? { start: { line: site.line, character: 0 }, end: { line: site.line, character: site.character } };
      const t0 = performance.now();
      const res = (await this.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri: this.uri },
        range,
        context: { diagnostics: d ? [d] : [] },
      })) as unknown[] | null;
      times.push(performance.now() - t0);
      actions += res?.length ?? 0;
    }
    this.result.codeAction = { ...summarize(times), actions };
  }

  /** Fills in the summaries and memory, then shuts the server down. */
  async finish(error?: unknown): Promise<LspResult> {
    const r = this.result;
    r.edit = summarize(this.samples);
    r.truncated = this.samples.length < r.editsPlanned;
    for (const [k, v] of Object.entries(this.byKind)) {
      const s = summarize(v);
      r.editByKind[k] = { n: s.n, p50: s.p50, max: s.max };
    }
    r.burstSettle = summarize(this.settle);
    r.burstTotal = summarize(this.total);
    Object.assign(r, this.memory());
    if (!error) {
      await sleep(IDLE_MEMORY_MS);
      r.rssIdleKiB = this.memory().rssKiB;
    }
    if (error) r.error = error instanceof Error ? error.message : String(error);
    await this.stop();
    r.stderrTail = this.stderr.slice(-300);
    return r;
  }

  private memory(): { rssKiB?: number; hwmKiB?: number } {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
      return { rssKiB: kib('VmRSS'), hwmKiB: kib('VmHWM') };
    } catch {
      return {};
    }
  }

  private async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), sleep(2000)]);
      await this.connection.sendNotification('exit');
    } catch {
      /* already gone */
    }
    // Up to 10 s: a server started with --cpu-prof writes its profile on exit (seconds on a busy machine).
    if (this.child.exitCode === null && this.child.signalCode === null) await Promise.race([new Promise((r) => this.child.once('exit', r)), sleep(10_000)]);
    this.connection.dispose();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

export interface LspPlan {
  warmupSites: EditSite[];
  warmupMaxMs: number;
  sites: EditSite[];
  burstSites: EditSite[];
  burstIntervalMs: number;
  codeActions: number;
  budgetMs: number;
  timeoutMs: number;
}

/**
 * Bosun and a peer on the same input, measured in turns (site by site) so that load from other work
 * on the machine falls on both alike. A server whose budget is spent stops; the other goes on.
 */
export async function runPair(specs: ServerSpec[], input: Input, plan: LspPlan, log: (s: string) => void): Promise<LspResult[]> {
  const runs = specs.map((s) => new LspRun(s, input, plan.budgetMs, plan.timeoutMs));
  const planned = plan.sites.reduce((n, site) => n + 2 * site.text.length, 0);
  for (const r of runs) r.result.editsPlanned = planned;
  const failed = new Map<LspRun, unknown>();
  const each = async (what: string, fn: (r: LspRun) => Promise<void>) => {
    for (const r of runs) {
      if (failed.has(r)) continue;
      try {
        await fn(r);
      } catch (e) {
        failed.set(r, e);
        log(`  ${r.spec.name} on ${input.name}: ${what} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  };
  await each('open', (r) => r.open());
  await each('warm-up', (r) => r.warmup(plan.warmupSites, plan.warmupMaxMs));
  for (const site of plan.sites) {
    await each('edit', async (r) => {
      if (!r.overBudget) await r.typeSite(site);
    });
  }
  // Budget-limited servers still get at least one burst.
  for (const [i, site] of plan.burstSites.entries()) {
    await each('burst', async (r) => (i > 0 && r.overBudget ? undefined : r.burst(site, plan.burstIntervalMs)));
  }
  await each('codeAction', (r) => r.codeActions(plan.codeActions, plan.sites));
  const results: LspResult[] = [];
  for (const r of runs) results.push(await r.finish(failed.get(r)));
  return results;
}
