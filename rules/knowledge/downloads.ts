/**
 * What download, verification and interpreter commands look like in a RUN: curl and wget options
 * (where the body goes, which words are URLs), the commands that check a download (checksums,
 * signatures), and whether an interpreter reads its program from stdin (`| sh`) or runs code given
 * on its command line (`| python3 -c '…json…'`, which only reads data from the pipe).
 */
import { argumentWords, commandName, commandsWhere, parseArgs, type ParsedArgs, type ShellCommand, type ShellWord } from '../languages/shell.js';
import { CURL_VALUE_OPTIONS, WGET_VALUE_OPTIONS } from './download-options.js';

export interface Download {
  tool: 'curl' | 'wget';
  cmd: ShellCommand;
  nameWord: ShellWord;
  parsed: ParsedArgs;
  /** Words that hold URLs (operands and `--url`). */
  urls: ShellWord[];
  /** Where the body goes: stdout (piped or substituted), a file, or nowhere (HEAD, POST, /dev/null). */
  output: 'stdout' | 'file' | 'none';
  /** The output file as written (`-o x`, `-O x`), when named. */
  outputPath: string | undefined;
}

/** A curl or wget command that fetches something; undefined for anything else. */
export function parseDownload(cmd: ShellCommand): Download | undefined {
  const cn = commandName(cmd);
  if (!cn || (cn.name !== 'curl' && cn.name !== 'wget')) return undefined;
  const words = argumentWords(cmd);
  const nameWord = cmd.words[cn.index];
  if (cn.name === 'curl') {
    const parsed = parseArgs(words, { withValue: CURL_VALUE_OPTIONS });
    const has = (...names: string[]) => parsed.options.some((o) => names.includes(o.name));
    const value = (...names: string[]) => parsed.options.filter((o) => names.includes(o.name)).pop()?.value;
    const urls = [...parsed.operands, ...parsed.options.filter((o) => o.name === '--url' && o.valueWord).map((o) => o.valueWord!)];
    let output: Download['output'] = 'stdout';
    let outputPath: string | undefined;
    const method = value('-X', '--request')?.toUpperCase();
    if (has('-I', '--head', '--spider') || (method && method !== 'GET')) output = 'none';
    else if (has('-d', '--data', '--data-raw', '--data-binary', '--data-ascii', '--data-urlencode', '--json', '-F', '--form', '--form-string', '-T', '--upload-file')) {
      output = 'none';
    } else if (has('-o', '--output')) {
      outputPath = value('-o', '--output');
      output = outputPath === '-' ? 'stdout' : outputPath === '/dev/null' ? 'none' : 'file';
      if (output !== 'file') outputPath = undefined;
    } else if (has('-O', '--remote-name', '--remote-name-all')) output = 'file';
    return { tool: 'curl', cmd, nameWord, parsed, urls, output, outputPath };
  }
  const parsed = parseArgs(words, { withValue: WGET_VALUE_OPTIONS });
  const has = (...names: string[]) => parsed.options.some((o) => names.includes(o.name));
  const doc = parsed.options.filter((o) => o.name === '-O' || o.name === '--output-document').pop()?.value;
  const method = parsed.options
    .filter((o) => o.name === '--method')
    .pop()
    ?.value?.toUpperCase();
  let output: Download['output'] = 'file';
  let outputPath: string | undefined;
  if (has('--spider', '--post-data', '--post-file', '--body-data', '--body-file') || (method && method !== 'GET')) output = 'none';
  else if (doc === '-' || doc === '/dev/stdout') output = 'stdout';
  else if (doc === '/dev/null') output = 'none';
  else if (doc !== undefined) outputPath = doc;
  const urls = parsed.operands;
  return { tool: 'wget', cmd, nameWord, parsed, urls, output, outputPath };
}

const CHECKSUM_TOOL = /^(?:sha(?:1|224|256|384|512)sum|shasum|sha3sum|b2sum|b3sum|md5sum|cksum|xxhsum|rhash)$/;

/**
 * A command that checks a download: any checksum tool (`sha256sum -c`, or a hash compared in the
 * script), a signature check (`gpg --verify`, `gpgv`, `cosign verify-blob`, `minisign -V`,
 * `openssl dgst -verify`, `slsa-verifier`, `rpm --checksig`…).
 */
export function isVerification(cmd: ShellCommand): boolean {
  const cn = commandName(cmd);
  if (!cn || !mayVerify(cn.name)) return false;
  if (CHECKSUM_TOOL.test(cn.name)) return true;
  return VERIFIERS[cn.name](argumentWords(cmd).map((w) => w.value));
}

/** Signature checkers: whether their arguments make the command a check. */
const VERIFIERS: Record<string, (args: string[]) => boolean> = {
  gpg: (args) => args.some((a) => a === '--verify' || a === '--verify-files'),
  gpg2: (args) => VERIFIERS.gpg(args),
  gpgv: () => true,
  gpgv2: () => true,
  'slsa-verifier': () => true,
  pgpverify: () => true,
  cosign: (args) => args.some((a) => a.startsWith('verify')),
  notation: (args) => VERIFIERS.cosign(args),
  sigstore: (args) => VERIFIERS.cosign(args),
  gh: (args) => args[0] === 'attestation' && args[1] === 'verify',
  minisign: (args) => args.some((a) => /^-[A-Za-z]*[VC]/.test(a)),
  signify: (args) => VERIFIERS.minisign(args),
  openssl: (args) => args[0] === 'dgst' || /^sha\d+$/.test(args[0] ?? ''),
  rpm: (args) => args.some((a) => a === '-K' || a === '--checksig'),
  'ssh-keygen': (args) => args.includes('-Y') && args.includes('verify'),
  jarsigner: (args) => args.includes('-verify'),
};

/** Programs isVerification may accept (it reads no other command's arguments). */
function mayVerify(name: string): boolean {
  // Own keys only: a command named `constructor` checks nothing.
  return CHECKSUM_TOOL.test(name) || Object.hasOwn(VERIFIERS, name);
}

/** The commands of `all` (a RUN's every command) that check a download (see isVerification), in order. */
export function verifications(all: readonly ShellCommand[]): ShellCommand[] {
  return commandsWhere(all, mayVerify).filter(isVerification);
}

/** Files that are themselves checksums, signatures or keys (fetching them is part of verifying). */
export function isVerificationMaterial(pathOrUrl: string): boolean {
  const base = (pathOrUrl.split(/[?#]/)[0].split('/').pop() ?? '').toLowerCase();
  if (!base) return false;
  if (/\.(?:asc|sig|sign|signature|gpg|pgp|pub|minisig|sha1|sha256|sha512|sha256sum|sha512sum|md5|sum|sums|intoto\.jsonl|sigstore|bundle)$/.test(base)) return true;
  return /(?:^|[._-])(?:sha\d*sums?|shasums\d*|checksums?|keys?|keyring|signing-key|gpg-key)(?:[._-]|$)/.test(base);
}

// ---------------------------------------------------------------------------------------------
// Interpreters

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'fish']);

interface InterpreterSpec {
  /** Options that run code given on the command line instead of a program from stdin. */
  code: string[];
  /** Options whose value is a separate word. */
  withValue: string[];
  /** Options that read the program from stdin. */
  stdin?: string[];
}

const SHELL_SPEC: InterpreterSpec = { code: ['-c'], withValue: ['-o', '+o', '-O', '+O', '--rcfile', '--init-file'], stdin: ['-s'] };

const INTERPRETERS: Record<string, InterpreterSpec> = {
  python: { code: ['-c', '-m'], withValue: ['-c', '-m', '-W', '-X', '--check-hash-based-pycs'] },
  perl: { code: ['-e', '-E'], withValue: ['-e', '-E', '-I', '-M', '-m', '-x', '-C'] },
  ruby: { code: ['-e'], withValue: ['-e', '-r', '-I', '-C', '-E', '-x'] },
  node: { code: ['-e', '--eval', '-p', '--print'], withValue: ['-r', '--require', '--import', '--loader', '-C', '--conditions', '-e', '--eval', '-p', '--print'] },
  php: { code: ['-r', '-f', '-R', '-F', '-B', '-E'], withValue: ['-d', '-c', '-z', '-r', '-f', '-R', '-F', '-B', '-E'] },
  lua: { code: ['-e'], withValue: ['-e', '-l'] },
};

/** The interpreter family of a command name: `python3.12` → `python`, `nodejs` → `node`, `bash` → `sh`. */
export function interpreterOf(name: string): string | undefined {
  if (SHELLS.has(name)) return 'sh';
  if (/^python(?:\d+(?:\.\d+)?)?$/.test(name) || /^pypy\d*$/.test(name)) return 'python';
  if (/^perl(?:\d+(?:\.\d+)*)?$/.test(name)) return 'perl';
  if (/^ruby(?:\d+(?:\.\d+)*)?$/.test(name)) return 'ruby';
  if (name === 'node' || name === 'nodejs') return 'node';
  if (/^php(?:\d+(?:\.\d+)?)?$/.test(name)) return 'php';
  if (/^lua(?:jit|\d+(?:\.\d+)?)?$/.test(name)) return 'lua';
  return undefined;
}

/**
 * How an interpreter command gets its program: from stdin (`sh`, `bash -s -- x`, `python3 -`), from
 * code on its command line (`python3 -c '…'`, `sh -c '…'`), or from a file operand (`bash script.sh`).
 * Undefined when the command is not an interpreter.
 */
export function programSource(cmd: ShellCommand): { kind: 'stdin' | 'code' | 'file'; interpreter: string; operand?: ShellWord; code?: ShellWord } | undefined {
  const cn = commandName(cmd);
  if (!cn) return undefined;
  const interpreter = interpreterOf(cn.name);
  if (!interpreter) return undefined;
  const spec = interpreter === 'sh' ? SHELL_SPEC : INTERPRETERS[interpreter];
  const parsed = parseArgs(argumentWords(cmd), { withValue: spec.withValue, stopAtOperand: true });
  const codeOpt = parsed.options.find((o) => spec.code.includes(o.name));
  if (codeOpt) {
    // `sh -c 'script'`: the script is the first operand; others carry it in the option's value.
    const code = interpreter === 'sh' ? parsed.operands[0] : (codeOpt.valueWord ?? codeOpt.word);
    return { kind: 'code', interpreter, code };
  }
  if (parsed.options.some((o) => spec.stdin?.includes(o.name))) return { kind: 'stdin', interpreter };
  const operand = parsed.operands[0];
  if (!operand || operand.value === '-' || operand.value === '/dev/stdin') return { kind: 'stdin', interpreter, operand };
  return { kind: 'file', interpreter, operand };
}

/** A full commit id (SHA-1 or SHA-256 object name). */
const FULL_COMMIT = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/i;

/** Git forges whose file and archive URLs name a commit in their path. */
const FORGE_HOSTS = new Set(['github.com', 'raw.githubusercontent.com', 'codeload.github.com', 'gist.githubusercontent.com', 'gitlab.com', 'bitbucket.org', 'codeberg.org']);

/**
 * True for a file or archive URL of a git forge at a full commit id — `github.com/o/r/raw/<sha>/f`,
 * `raw.githubusercontent.com/o/r/<sha>/f`, `github.com/o/r/archive/<sha>.tar.gz`, GitLab's
 * `/-/raw/<sha>/f` on any host. The commit names the content: neither the project nor anyone who
 * takes it over can change what the URL serves, as they can a branch, a tag or a release asset.
 */
export function isCommitPinnedUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || url.includes('$')) return false;
  const segments = parsed.pathname.split('/').map((s) => s.replace(/\.(?:tar\.gz|tgz|tar\.bz2|tar\.xz|tar|zip)$/i, ''));
  const gitlabRaw = parsed.pathname.match(/\/-\/(?:raw|archive)\/([^/]+)/)?.[1];
  if (gitlabRaw !== undefined) return FULL_COMMIT.test(gitlabRaw);
  return FORGE_HOSTS.has(parsed.hostname.toLowerCase()) && segments.some((s) => FULL_COMMIT.test(s));
}
