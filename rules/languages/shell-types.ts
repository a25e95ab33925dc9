import type { Span } from '../engine/types.js';

/** A syntax node of the bash grammar, copied out of WebAssembly memory in one pass (shell-grammar.ts; reading nodes through the binding costs a call per field). */
export interface BashNode {
  type: string;
  /** Named node (`command`, `word`) or anonymous token (`|`, `then`). */
  named: boolean;
  /** The field this node fills in its parent (`name`, `argument`, `condition`…). */
  field: string | undefined;
  /** UTF-16 offsets into the parsed text. */
  start: number;
  end: number;
  children: BashNode[];
}

/** One word of a command as the shell reads it. */
export interface ShellWord {
  /** The word with quotes and escapes removed (substitutions are kept as written: `$(date)`). */
  value: string;
  /** File offsets of the word as written. */
  span: Span;
  /** Part of a redirection: the operator (`>`, `2>&1`, `<<EOF`) or its target (`/dev/null`). */
  redirect?: boolean;
}

export interface ShellRedirect {
  /** `>`, `>>`, `<`, `2>`, `&>`, `2>&1`, `<<`, `<<-`, `<<<`… */
  op: string;
  /** The target's value (file name, here-string, heredoc delimiter); undefined for `2>&1`. */
  target: string | undefined;
  span: Span;
}

/** A heredoc body fed to a command as data (`cat <<EOF > /etc/x.conf`). */
export interface ShellHeredoc {
  delimiter: string;
  /** Quoted delimiter (`<<'EOF'`): the body is taken literally. */
  quoted: boolean;
  body: string;
  bodySpan: Span;
}

/** What a compound command is (a simple command has no kind). */
export type CompoundKind = 'group' | 'subshell' | 'if' | 'while' | 'until' | 'for' | 'case' | 'function' | 'arithmetic';

/**
 * A command of a script. Commands that run one after another form a list, each joined to the one
 * before it by `after`. A compound command (`{ …; }`, `( … )`, `if`, `while`, `for`, `case`, a
 * function) is one member of its list (so `{ a; b; } | tee f` is a two-member pipeline) and holds
 * its inner commands in `nested`, where each branch or body starts a new list (`after` undefined).
 * Its lists are read-only once read: commands without words, redirections, heredocs or nested
 * commands share one frozen empty array.
 */
export interface ShellCommand {
  /**
   * The words. A compound command has no name: its words are its redirections' and, for
   * `for name in a b`, the loop variable and values.
   */
  words: ShellWord[];
  span: Span;
  /** The operator that joined this command to the previous one (`|`, `&&`, `;`, newline as `\n`). */
  after: string | undefined;
  redirects: ShellRedirect[];
  /** Heredoc bodies this command reads as data. Bodies fed to a shell are parsed as commands instead. */
  heredocs: ShellHeredoc[];
  /**
   * Commands inside this command's `$(…)`, backticks, `<(…)`, `sh -c '…'` script or heredoc script,
   * and, for a compound command, its bodies.
   */
  nested: ShellCommand[];
  /** For a nested command: the command whose word or body holds it. */
  parent?: ShellCommand;
  /** For a compound command: which one. */
  kind?: CompoundKind;
  /**
   * For commandName (shell-names.ts) only: its answer, once asked (null: the command has no name).
   * A field rather than a side table: rules ask for every command's name, dozens of times per lint.
   */
  nameMemo?: { name: string; index: number } | null;
  /** For argumentWords (shell-names.ts) only: its answer, once asked (read-only, like the words). */
  argsMemo?: ShellWord[];
  /**
   * Its exit status is tested (an `if`/`elif`/`while`/`until` condition, or negated with `!`): when it
   * fails, the script goes on, by design.
   */
  tested?: boolean;
}
