/**
 * A fast reader for the plain block YAML most Compose files are written in: block mappings and
 * sequences, one-line plain and quoted scalars, comments, blank lines. It builds the very
 * nodes `yaml`'s parseDocument builds (same classes, ranges, scalar types, sources and resolved
 * values; comments are not kept: nothing reads them) at a fraction of the cost: `yaml` makes a token
 * stream and a concrete syntax tree first (about two thirds of linting a 5,000-service file).
 *
 * Anything outside that subset — flow collections, anchors, aliases, tags,
 * merge keys, block or multi-line scalars, escapes, document markers (but a first `---`), directives, explicit keys,
 * tabs, CRs, control characters, odd indentation — makes it give up (undefined), and the caller
 * parses the text with `yaml`. compose-yaml-subset.test.ts compares both on real files and on
 * random mutations of them.
 */
import { Document, isScalar, Pair, Scalar, type Schema, YAMLMap, YAMLSeq } from 'yaml';

/** Characters the reader leaves to `yaml`: controls (tabs, CRs), other line breaks, a BOM. */
const OUTSIDE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;
/** Deeper than any real Compose file: hostile nesting goes to `yaml`. */
const MAX_DEPTH = 64;

const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const DQUOTE = 34;
const SQUOTE = 39;
const BACKSLASH = 92;

/** Thrown to give up; caught in parseBlockSubset. */
const GIVE_UP = Symbol('outside the block subset');

type Ranged<T> = T & { range: [number, number, number] };
type Built = Ranged<Scalar | YAMLMap | YAMLSeq>;

/** `text` read as a document, or undefined when it is not in the subset. `options` as given to parseDocument (with a core schema). */
export function parseBlockSubset(text: string, options: { schema: Schema }): Document.Parsed | undefined {
  const schema = options.schema as Schema & { compat?: unknown };
  if (schema.compat || OUTSIDE.test(text)) return undefined;
  const doc = new Document(undefined, options) as Document.Parsed;
  let contents: Built;
  let start: number;
  let end: number;
  try {
    const reader = new Reader(text, schema, doc.options);
    contents = reader.document();
    start = reader.documentStart ?? contents.range[0];
    if (reader.documentStart !== undefined) doc.directives.docStart = true;
    // Blank lines at the end belong to the document, unless the last value is empty (they follow its `:`).
    end = reader.endsEmpty ? contents.range[2] : text.length;
  } catch {
    // Giving up, or a resolver that throws (yaml reports that as an error): yaml decides.
    return undefined;
  }
  doc.contents = contents as Document.Parsed['contents'];
  doc.range = [start, contents.range[2], end];
  return doc;
}

const giveUp = (): never => {
  throw GIVE_UP;
};

/** A scalar tag of the schema, as compose-scalar.js uses it. */
interface Tag {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  resolve: (s: string, onError: (m: string) => void, o: unknown) => unknown;
}

/** Distinct plain scalars whose tag is remembered, per document (a bound on hostile files). */
const MAX_REMEMBERED_TAGS = 10_000;

/** A scalar's text and where it ends, before it is resolved. */
interface ScalarToken {
  start: number;
  /** End of the scalar itself (after a closing quote). */
  end: number;
  source: string;
  type: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE';
}

class Reader {
  /** The current line: its start, end (at its newline or the end of the text), indentation and first non-space. */
  private lineStart = 0;
  private lineEnd = 0;
  private indent = 0;
  private content = 0;
  private eof = false;
  /** Where a `---` line opening the document starts, if there is one. */
  documentStart: number | undefined;
  /** Whether the last scalar read is an empty value without a comment. */
  endsEmpty = false;
  /**
   * Full-line comments not yet placed, with their columns, and where the blank and comment lines
   * holding them end (at the next content, after its indentation). yaml gives trailing comments to
   * the innermost collection open; see place() and settle().
   */
  private pending: { column: number; end: number }[] = [];
  private pendingEnd = 0;
  private readonly tags: Tag[];
  private readonly keyTags = new Map<string, Tag | null>();
  private readonly valueTags = new Map<string, Tag | null>();

  constructor(
    private readonly text: string,
    private readonly schema: Schema,
    /** The document's options: the tags' resolvers read them (intAsBigInt). */
    private readonly options: unknown,
  ) {
    this.tags = schema.tags as unknown as Reader['tags'];
  }

  document(): Built {
    this.enterLine(0);
    this.skipBlank();
    // Comments before the content belong to the document (its range starts after them).
    this.pending = [];
    if (this.isDocumentStart()) {
      this.documentStart = this.lineStart;
      this.nextLine();
      this.pending = [];
    }
    if (this.eof || this.indent !== 0 || this.isDash()) giveUp();
    const map = this.map(0, this.content, 0);
    if (!this.eof) giveUp();
    return map;
  }

  // --- lines -------------------------------------------------------------------------------

  private enterLine(at: number): void {
    const text = this.text;
    if (at >= text.length) {
      this.eof = true;
      this.lineStart = this.lineEnd = this.content = text.length;
      this.indent = 0;
      return;
    }
    this.lineStart = at;
    const nl = text.indexOf('\n', at);
    this.lineEnd = nl < 0 ? text.length : nl;
    let i = at;
    while (text.charCodeAt(i) === SPACE) i++;
    this.content = i;
    this.indent = i - at;
  }

  /** Moves past blank and comment lines, keeping the comments as pending. */
  private skipBlank(): void {
    while (!this.eof) {
      if (this.content < this.lineEnd) {
        if (this.text.charCodeAt(this.content) !== HASH) break;
        this.pending.push({ column: this.indent, end: this.afterLine() });
      }
      this.enterLine(this.lineEnd + 1);
    }
    this.pendingEnd = this.content;
  }

  /** To the next line with content. */
  private nextLine(): void {
    this.enterLine(this.lineEnd + 1);
    this.skipBlank();
  }

  /** Offset after the current line's newline (or the end of the text). */
  private afterLine(): number {
    return this.lineEnd < this.text.length ? this.lineEnd + 1 : this.lineEnd;
  }

  /** A block sequence entry indicator at `at`: `-` then a space or the end of the line. */
  private dashAt(at: number): boolean {
    if (this.text.charCodeAt(at) !== DASH) return false;
    return at + 1 === this.lineEnd || this.text.charCodeAt(at + 1) === SPACE;
  }

  /** A `---` line (alone: content after it is left to yaml). */
  private isDocumentStart(): boolean {
    const text = this.text;
    if (this.eof || this.indent !== 0 || !text.startsWith('---', this.content)) return false;
    return this.skipSpaces(this.content + 3) === this.lineEnd;
  }

  private isDash(): boolean {
    return !this.eof && this.dashAt(this.content);
  }

  private skipSpaces(at: number): number {
    while (at < this.lineEnd && this.text.charCodeAt(at) === SPACE) at++;
    return at;
  }

  // --- collections -------------------------------------------------------------------------

  /** A block mapping whose keys are at `column`, the first one at `first` on the current line. */
  private map(column: number, first: number, depth: number): Ranged<YAMLMap> {
    if (depth > MAX_DEPTH) giveUp();
    const map = new YAMLMap(this.schema) as Ranged<YAMLMap>;
    let at = first;
    let end = first;
    for (;;) {
      const key = this.key(at);
      if (!key) giveUp();
      const { node: keyNode, colon } = key!;
      const value = this.valueAfter(colon + 1, column, depth, true);
      map.items.push(new Pair(keyNode, value));
      end = value.range[2];
      if (this.eof || this.indent < column) break;
      // A line indented deeper than the keys (and not taken by the value), or a `-` at their column, is not this mapping's.
      if (this.indent > column || this.isDash()) giveUp();
      // Comments before the next key are its own (no range holds them).
      this.pending = [];
      at = this.content;
    }
    map.range = [first, end, this.settle(column, end)];
    return map;
  }

  /**
   * The value after an indicator (a key's `:`, a `-`) that ends before `from`: a scalar on its line,
   * else the block below it (a sequence may sit at a key's column: `sequenceAtColumn`), else an
   * empty scalar. Leaves the reader on the next line with content after it; a deeper line there is
   * left for the caller to refuse (it would continue a multi-line scalar, or be an error).
   */
  private valueAfter(from: number, column: number, depth: number, sequenceAtColumn: boolean): Built {
    const at = this.skipSpaces(from);
    if (at < this.lineEnd && this.text.charCodeAt(at) !== HASH) {
      const node = this.scalar(this.scalarToken(at), false, this.afterLine());
      this.nextLine();
      this.place(node, column);
      return node;
    }
    if (at < this.lineEnd && at === from) giveUp(); // `key:#` is not a comment
    const commented = at < this.lineEnd;
    this.nextLine();
    // Comments between an indicator and its block value are the indicator's: no range holds them.
    const comments = this.pending.length > 0;
    this.pending = [];
    if (!this.eof && this.indent > column) return this.block(depth + 1);
    if (sequenceAtColumn && !this.eof && this.indent === column && this.isDash()) return this.seq(column, depth + 1);
    // An empty value's comments stretch its range to what follows: left to yaml.
    if (commented || comments) giveUp();
    return this.empty(at);
  }

  /** The block collection starting on the current line (deeper than its parent). */
  private block(depth: number): Built {
    if (this.isDash()) return this.seq(this.indent, depth);
    return this.map(this.indent, this.content, depth);
  }

  /** A block sequence whose `-` are at `column`, the first on the current line. */
  private seq(column: number, depth: number): Ranged<YAMLSeq> {
    if (depth > MAX_DEPTH) giveUp();
    const seq = new YAMLSeq(this.schema) as Ranged<YAMLSeq>;
    const first = this.content;
    let end = first;
    for (;;) {
      const from = this.content + 1;
      const at = this.skipSpaces(from);
      let item: Built;
      if (this.dashAt(at)) giveUp(); // `- - x`
      if (at < this.lineEnd && this.text.charCodeAt(at) !== HASH && this.key(at)) {
        // `- key: value`: a mapping whose keys are at this column.
        item = this.map(at - this.lineStart, at, depth + 1);
      } else {
        item = this.valueAfter(from, column, depth, false);
      }
      seq.items.push(item);
      end = item.range[2];
      if (this.eof || this.indent < column) break;
      if (this.indent > column) giveUp();
      if (!this.isDash()) break;
      this.pending = [];
    }
    seq.range = [first, end, this.settle(column, end)];
    return seq;
  }

  /**
   * The comments after a scalar of a collection at `column`: those indented deeper, up to the
   * first that is not, end the scalar (its range reaches past them); the rest stay pending.
   */
  private place(node: Ranged<Scalar>, column: number): void {
    const pending = this.pending;
    let i = 0;
    while (i < pending.length && pending[i].column > column) i++;
    if (i === 0) return;
    node.range[2] = pending[i - 1].end;
    this.pending = pending.slice(i);
  }

  /**
   * The end of a collection at `column` that ends here: pending comments stay with it (its range
   * reaching the next content) unless every one is left of its column, or it is at column 0; then
   * they go on to the collection around it.
   */
  private settle(column: number, end: number): number {
    const pending = this.pending;
    if (pending.length === 0 || column === 0 || pending.every((c) => c.column < column)) return end;
    this.pending = [];
    return this.pendingEnd;
  }

  private empty(at: number): Ranged<Scalar> {
    return this.scalar({ start: at, end: at, source: '', type: 'PLAIN' }, false, at);
  }

  // --- scalars -----------------------------------------------------------------------------

  /** The key at `at` and its `:`, or undefined when the line holds no `key:` there. */
  private key(at: number): { node: Ranged<Scalar>; colon: number } | undefined {
    const text = this.text;
    const c = text.charCodeAt(at);
    let token: ScalarToken;
    let colon: number;
    if (c === DQUOTE || c === SQUOTE) {
      token = this.quoted(at);
      colon = this.skipSpaces(token.end);
      if (text.charCodeAt(colon) !== COLON) return undefined;
      const after = colon + 1;
      if (after < this.lineEnd && text.charCodeAt(after) !== SPACE) giveUp();
    } else {
      colon = this.plainColon(at);
      if (colon < 0) return undefined;
      let end = colon;
      while (end > at && text.charCodeAt(end - 1) === SPACE) end--;
      if (end === at) giveUp(); // `: x`
      token = { start: at, end, source: text.slice(at, end), type: 'PLAIN' };
      this.checkPlainStart(token.source);
      // `<<` merges, resolved by the parser with its own checks.
      if (token.source === '<<') giveUp();
    }
    return { node: this.scalar(token, true, token.end), colon };
  }

  /** The first `:` at `at` or after on this line followed by a space or the end of the line, before any comment; -1 when none. */
  private plainColon(at: number): number {
    const text = this.text;
    const lineEnd = this.lineEnd;
    for (let i = at; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === COLON) {
        if (i + 1 === lineEnd || text.charCodeAt(i + 1) === SPACE) return i;
      } else if (c === HASH && i > at && text.charCodeAt(i - 1) === SPACE) {
        return -1;
      }
    }
    return -1;
  }

  /** A scalar value at `at` that runs to the end of its line (or a trailing comment). */
  private scalarToken(at: number): ScalarToken {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === DQUOTE || c === SQUOTE) {
      const token = this.quoted(at);
      const after = this.skipSpaces(token.end);
      if (after < this.lineEnd && (text.charCodeAt(after) !== HASH || after === token.end)) giveUp();
      return token;
    }
    // The plain scalar runs to a ` #` comment or the end of the line; a `: ` in it would start a mapping.
    const lineEnd = this.lineEnd;
    let end = lineEnd;
    for (let i = at; i < lineEnd; i++) {
      const ch = text.charCodeAt(i);
      if (ch === COLON && (i + 1 === lineEnd || text.charCodeAt(i + 1) === SPACE)) giveUp();
      if (ch === HASH && text.charCodeAt(i - 1) === SPACE) {
        end = i;
        break;
      }
    }
    while (end > at && text.charCodeAt(end - 1) === SPACE) end--;
    const source = text.slice(at, end);
    this.checkPlainStart(source);
    return { start: at, end, source, type: 'PLAIN' };
  }

  /** Plain scalars that start with an indicator are left to `yaml` (flow collections, anchors, tags, block scalars…). */
  private checkPlainStart(source: string): void {
    const c = source.charCodeAt(0);
    if ('[]{},#&*!|>\'"%@`?:'.includes(source[0])) giveUp();
    if (c === DASH && (source.length === 1 || source.charCodeAt(1) === SPACE)) giveUp();
    // Document markers at the start of a line.
    if (source.startsWith('---') || source.startsWith('...')) giveUp();
  }

  /** A quoted scalar on one line; escapes and line breaks are left to `yaml`. */
  private quoted(at: number): ScalarToken {
    const text = this.text;
    const q = text.charCodeAt(at);
    const lineEnd = this.lineEnd;
    if (q === DQUOTE) {
      for (let i = at + 1; i < lineEnd; i++) {
        const c = text.charCodeAt(i);
        if (c === BACKSLASH) giveUp();
        if (c === DQUOTE) return { start: at, end: i + 1, source: text.slice(at + 1, i), type: 'QUOTE_DOUBLE' };
      }
      return giveUp();
    }
    let doubled = false;
    for (let i = at + 1; i < lineEnd; i++) {
      if (text.charCodeAt(i) !== SQUOTE) continue;
      if (text.charCodeAt(i + 1) === SQUOTE) {
        doubled = true;
        i++;
        continue;
      }
      const raw = text.slice(at + 1, i);
      return { start: at, end: i + 1, source: doubled ? raw.replaceAll("''", "'") : raw, type: 'QUOTE_SINGLE' };
    }
    return giveUp();
  }

  /** The schema's tag for a plain scalar, as compose-scalar.js finds it (the same keys and values repeat in every service: remembered). */
  private tagOf(value: string, atKey: boolean): Tag | undefined {
    const memo = atKey ? this.keyTags : this.valueTags;
    let tag = memo.get(value);
    if (tag === undefined) {
      tag = this.tags.find((t) => (t.default === true || (atKey && t.default === 'key')) && t.test?.test(value)) ?? null;
      if (memo.size < MAX_REMEMBERED_TAGS) memo.set(value, tag);
    }
    return tag ?? undefined;
  }

  /** The node `yaml` makes of a scalar token (compose-scalar.js: tag by test, resolve, source, type, format). */
  private scalar(token: ScalarToken, atKey: boolean, nodeEnd: number): Ranged<Scalar> {
    let node: Scalar;
    if (token.type === 'PLAIN') {
      const value = token.source;
      const tag = this.tagOf(value, atKey);
      if (tag) {
        const resolved = tag.resolve(value, giveUp, this.options);
        node = isScalar(resolved) ? resolved : new Scalar(resolved);
        if (tag.format) node.format = tag.format;
      } else {
        node = new Scalar(value);
      }
    } else {
      node = new Scalar(token.source);
    }
    this.endsEmpty = token.source === '' && token.type === 'PLAIN';
    const ranged = node as Ranged<Scalar>;
    ranged.range = [token.start, token.end, nodeEnd];
    ranged.source = token.source;
    ranged.type = token.type;
    return ranged;
  }
}
