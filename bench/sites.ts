/**
 * Where the benchmark "types": places a person really edits (an image tag, a package list, an ENV
 * value, a heredoc line, a port, a memory limit, a service name), spread evenly over the file.
 * Every site types its text and deletes it again, so the document returns to the generated text.
 */
import type { EditSite, LspPlan } from './lsp';

interface Pattern {
  kind: string;
  re: RegExp;
  /** Where in the match to type: index of the character before which text is inserted. */
  at: (m: RegExpExecArray) => number;
  text: string;
}

// Each pattern is anchored and linear (no nested quantifiers).
const DOCKERFILE: Pattern[] = [
  { kind: 'FROM tag', re: /^FROM [^ ]+/, at: (m) => m[0].length, text: '-slim' },
  { kind: 'RUN packages', re: /^ {4}&& apt-get install -y --no-install-recommends [^\\]+/, at: (m) => m[0].trimEnd().length, text: ' htop' },
  { kind: 'ENV value', re: /^ {4}PATH=[^ ]+/, at: (m) => m[0].length, text: ':/opt' },
  { kind: 'ARG name', re: /^ARG [A-Z_]+/, at: (m) => m[0].length, text: '_PASS' },
  { kind: 'heredoc line', re: /^echo "[^"]*"/, at: (m) => m[0].length - 1, text: ' done' },
  { kind: 'COPY --from', re: /^COPY --from=stage-\d+/, at: (m) => m[0].length, text: '12345' },
  { kind: 'RUN flag', re: /^RUN \.\/build\.sh --target [a-z]+/, at: (m) => m[0].length, text: '-test' },
  { kind: 'comment', re: /^# --- [a-z]+/, at: (m) => m[0].length, text: ' todo' },
];

const COMPOSE: Pattern[] = [
  { kind: 'image tag', re: /^ {4}image: [^ ]+/, at: (m) => m[0].length, text: '-beta' },
  { kind: 'port', re: /^ {6}- "(?:127\.0\.0\.1:)?\d+/, at: (m) => m[0].length, text: '12345' },
  { kind: 'env value', re: /^ {6}SERVICE_NAME: [a-z0-9-]+/, at: (m) => m[0].length, text: '_test' },
  { kind: 'volume path', re: /^ {6}- \.\/[a-z0-9-]+\/config/, at: (m) => m[0].length, text: '/conf' },
  { kind: 'memory limit', re: /^ {10}memory: \d+/, at: (m) => m[0].length, text: '00000' },
  { kind: 'service name', re: /^ {2}[a-z]+-\d+/, at: (m) => m[0].length, text: 'x2y3z' },
  { kind: 'key', re: /^ {4}read_only/, at: (m) => m[0].length, text: '_mode' },
];

function candidates(text: string, patterns: Pattern[]): EditSite[] {
  const out: EditSite[] = [];
  const lines = text.split('\n');
  lines.forEach((l, line) => {
    for (const p of patterns) {
      const m = p.re.exec(l);
      if (m) out.push({ line, character: p.at(m), text: p.text, kind: p.kind });
    }
  });
  return out;
}

/** `count` sites spread evenly over the file, each kind in turn (so every kind is measured). */
function spread(all: EditSite[], count: number, offset: number): EditSite[] {
  const kinds = [...new Set(all.map((s) => s.kind))];
  const out: EditSite[] = [];
  for (let i = 0; i < count; i++) {
    const kind = kinds[(i + Math.round(offset * 7)) % kinds.length];
    const ofKind = all.filter((s) => s.kind === kind);
    const idx = Math.min(ofKind.length - 1, Math.floor(((i + offset) / count) * ofKind.length));
    out.push(ofKind[idx]);
  }
  return out;
}

export function planFor(
  language: 'dockerfile' | 'compose',
  text: string,
  opts: { edits: number; bursts: number; codeActions: number; budgetMs: number; warmupMaxMs: number; burstIntervalMs: number; timeoutMs: number },
): LspPlan {
  const all = candidates(text, language === 'dockerfile' ? DOCKERFILE : COMPOSE);
  if (!all.length) throw new Error(`no edit sites in the ${language} input`);
  const perSite = all[0].text.length * 2;
  const sites = spread(all, Math.ceil(opts.edits / perSite), 0.5);
  // Bursts type ten characters: the site's text twice.
  const burstSites = spread(all, opts.bursts, 0.25).map((s) => ({ ...s, text: s.text + s.text }));
  return {
    warmupSites: spread(all, 2, 0.75),
    warmupMaxMs: opts.warmupMaxMs,
    sites,
    burstSites,
    burstIntervalMs: opts.burstIntervalMs,
    codeActions: opts.codeActions,
    budgetMs: opts.budgetMs,
    timeoutMs: opts.timeoutMs,
  };
}
