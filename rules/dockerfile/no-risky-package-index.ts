import { defineRule, message, type ReportOf } from '../languages/define-rule.js';
import type { Span } from '../engine/types.js';
import { managerInvocation, mayBeManager } from '../knowledge/package-managers.js';
import { type ShellWord, argumentWords, commandName, commandsWhere, runShells } from '../languages/shell.js';
import { argOrEnvDeclaration } from '../languages/dockerfile.js';

/** Plain-HTTP URLs, except loopback (a local mirror on the build host). */
function isPlainHttp(url: string): boolean {
  const m = /^http:\/\/(?:[^@/]*@)?([^/:]+|\[[^\]]+\])/i.exec(url.trim());
  if (!m) return false;
  return !/^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(m[1]);
}

/** Variables that add an index (dependency confusion) or point a registry at a URL. */
const EXTRA_INDEX_ENV = new Set(['PIP_EXTRA_INDEX_URL', 'UV_EXTRA_INDEX_URL']);
const REGISTRY_ENV = new Set(['PIP_INDEX_URL', 'UV_INDEX_URL', 'UV_DEFAULT_INDEX', 'NPM_CONFIG_REGISTRY', 'YARN_NPM_REGISTRY_SERVER', 'GOPROXY', 'PIP_FIND_LINKS']);

function envReports(name: string, value: string, span: Span): ReportOf<{ extraIndex: { setting: string }; plainHttp: { setting: string; url: string } }>[] {
  const key = /^npm_config_/i.test(name) ? name.toUpperCase() : name;
  if (EXTRA_INDEX_ENV.has(key) && value.trim() !== '') return [{ messageId: 'extraIndex', span, data: { setting: `${name}=${value}` } }];
  if (REGISTRY_ENV.has(key) || EXTRA_INDEX_ENV.has(key)) {
    const http = value.split(/[\s,|]+/).find(isPlainHttp);
    if (http) return [{ messageId: 'plainHttp', span, data: { setting: `${name}`, url: http } }];
  }
  return [];
}

export default defineRule({
  meta: {
    code: 'DF024',
    name: 'no-risky-package-index',
    language: 'dockerfile',
    scope: 'unit',
    title: 'Extra package index or registry over plain HTTP',
    why:
      'pip --extra-index-url lets a public package with the same name as a private one win (dependency confusion), ' +
      'and a registry reached over http:// can be tampered with on the way.',
    level: 'info',
    risk: 'medium',
    tags: ['security', 'supply-chain', 'CWE-427', 'CWE-319'],
    others: {},
    messages: {
      extraIndex: message(
        '`{{setting}}` adds a second index: pip takes the highest version from any index, so a public package can shadow a private one. ',
        'Use a single index (a proxy that serves both) or pin with hashes.',
      ),
      plainHttp: '{{setting}} fetches packages over plain HTTP from {{url}}: anyone on the path can change them. Use https://.',
      unsafeStrategy: '`--index-strategy unsafe-best-match` lets any index provide any package, so a public package can shadow a private one.',
    },
  },
  *check({ model }) {
    const { file } = model;
    for (const run of runShells(model)) {
      // Package managers, `export`, and commands with assignments before their name: the others set nothing.
      for (const cmd of commandsWhere(run.all, (n) => mayBeManager(n) || n === 'export', true)) {
        const name = commandName(cmd);
        if (!name) continue;
        // Assignments on the command line (`PIP_EXTRA_INDEX_URL=… pip install`).
        for (let i = 0; i < name.index; i++) {
          const w = cmd.words[i];
          const m = /^([A-Za-z_]\w*)=(.*)$/s.exec(w.value);
          if (m) yield* envReports(m[1], m[2], w.span);
        }
        const inv = managerInvocation(cmd);
        const args = argumentWords(cmd);
        if (inv?.manager === 'pip') {
          for (const opt of [...inv.globalArgs.options, ...inv.args.options]) {
            if (opt.name === '--extra-index-url' || (opt.name === '--index' && name.name === 'uv')) {
              yield { messageId: 'extraIndex', span: opt.word.span, data: { setting: `${opt.name} ${opt.value ?? ''}`.trim() } };
            } else if (['-i', '--index-url', '-f', '--find-links', '--default-index'].includes(opt.name) && opt.value && isPlainHttp(opt.value)) {
              yield { messageId: 'plainHttp', span: opt.word.span, data: { setting: `\`${inv.program} ${opt.name}\``, url: opt.value } };
            } else if (opt.name === '--index-strategy' && opt.value === 'unsafe-best-match') {
              yield { messageId: 'unsafeStrategy', span: opt.word.span };
            }
          }
          const set = configSetValue(args);
          if (set && /(^|\.)extra-index-url$/.test(set.key)) yield { messageId: 'extraIndex', span: cmd.span, data: { setting: `pip config set ${set.key}` } };
          else if (set && /(^|\.)index-url$/.test(set.key) && isPlainHttp(set.value))
            yield { messageId: 'plainHttp', span: cmd.span, data: { setting: `\`pip config set ${set.key}\``, url: set.value } };
        } else if (inv && (inv.manager === 'npm' || inv.manager === 'yarn' || inv.manager === 'pnpm')) {
          for (const opt of [...inv.globalArgs.options, ...inv.args.options]) {
            if (opt.name === '--registry' && opt.value && isPlainHttp(opt.value)) {
              yield { messageId: 'plainHttp', span: opt.word.span, data: { setting: `\`${inv.program} --registry\``, url: opt.value } };
            }
          }
          const set = configSetValue(args);
          if (set && /(^|:)(registry|npmRegistryServer)$/.test(set.key) && isPlainHttp(set.value)) {
            yield { messageId: 'plainHttp', span: cmd.span, data: { setting: `\`${inv.program} config set ${set.key}\``, url: set.value } };
          }
        } else if (inv?.manager === 'gem') {
          const words = args.map((w) => w.value);
          const i = words.findIndex((v) => v === '--source' || v === '-s' || v === '--add' || v === '-a');
          const url = i >= 0 ? words[i + 1] : undefined;
          if (url && isPlainHttp(url)) yield { messageId: 'plainHttp', span: args[i].span, data: { setting: `\`gem ${words[i]}\``, url } };
        } else if (name.name === 'export') {
          for (const w of args) {
            const m = /^([A-Za-z_]\w*)=(.*)$/s.exec(w.value);
            if (m) yield* envReports(m[1], m[2], w.span);
          }
        }
      }
    }
    for (const instr of model.instructions) {
      for (const prop of argOrEnvDeclaration(instr)?.properties ?? []) {
        const value = prop.getValue();
        if (value === null) continue;
        yield* envReports(prop.getName(), value, file.spanOf(prop.getRange()));
      }
    }
  },
});

/** `config set <key> <value>` / `config set <key>=<value>` / `set <key> <value>` among the words. */
function configSetValue(args: ShellWord[]): { key: string; value: string } | undefined {
  const plain = args.map((w) => w.value).filter((v) => !v.startsWith('-'));
  let i = plain[0] === 'config' ? 1 : 0;
  if (plain[i] !== 'set') return undefined;
  i++;
  const key = plain[i];
  if (!key) return undefined;
  const eq = key.indexOf('=');
  if (eq > 0) return { key: key.slice(0, eq), value: key.slice(eq + 1) };
  return plain[i + 1] === undefined ? undefined : { key, value: plain[i + 1] };
}
