/**
 * Child process of shell-grammar-on-demand.test.ts: one CLI run in a fresh process (nothing has
 * loaded the grammar before it), then whether the run loaded it. argv: working directory, CLI arguments.
 */
import { run } from '../../server/src/cli/run.js';
import { shellGrammarReady } from '../../rules/languages/shell-grammar.js';

const [cwd, ...args] = process.argv.slice(2);
let stdout = '';
let stderr = '';
const io = { cwd, env: {}, stdoutIsTTY: false, out: (t: string) => void (stdout += t), err: (t: string) => void (stderr += t) };
void run(args, io, '0.0.0').then((code) => process.stdout.write(JSON.stringify({ code, stdout, stderr, grammarLoaded: shellGrammarReady() })));
