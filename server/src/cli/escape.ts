/**
 * Names and messages come from the workspace (a service name, a file name, a value quoted in a
 * finding): in a human format a control character would reach the terminal or the CI log raw — ESC
 * sequences set the title or recolour the log, a newline forges a finding line, a bidi override
 * reorders what the reader sees. Each is shown as a visible escape instead (`\x1b`, `\n`, `\u{202e}`).
 * XML 1.0 cannot carry most control characters at all (not even as `&#1;`), so checkstyle uses the
 * same escapes.
 */

// C0 and C1 controls, DEL, line/paragraph separators, bidi embeddings/overrides/isolates, the BOM
// and non-characters XML rejects, and UTF-16 halves without their other half.
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/**
 * Every character UNSAFE may match, as one class without look-arounds: most messages are plain, and
 * this is asked of each (55,000 on a big Compose file), so the common answer comes from one scan by
 * the regular-expression engine's compiled code rather than a loop that runs unoptimized at first.
 */
const MAYBE_UNSAFE = /[\x00-\x1f\x7f-\x9f\u2028-\u2069\ud800-\udfff\ufeff-\uffff]/;

/** `s` with every control or invisible-reordering character shown as an escape. */
export function visible(s: string): string {
  if (!MAYBE_UNSAFE.test(s)) return s;
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(s) ? s.replace(UNSAFE, escapeOne) : s;
}
