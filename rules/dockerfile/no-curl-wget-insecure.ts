import { defineRule } from '../languages/define-rule.js';
import type { Edit } from '../engine/types.js';
import { type ShellCommand, argumentWords, commandName, commandsWhere, parseArgs, runShells, scriptTexts, scriptTextsMayMatch, spanInText } from '../languages/shell.js';
import { removeOptionEdit, runSite } from '../languages/shell-edit.js';
import { CURL_VALUE_OPTIONS, WGET_VALUE_OPTIONS } from '../knowledge/download-options.js';

const CURL_INSECURE = new Set(['-k', '--insecure', '--proxy-insecure', '--doh-insecure']);
const OFF = /^(off|no|0|false)$/i;

interface FixData {
  edit: Edit;
  flag: string;
}

export default defineRule({
  meta: {
    code: 'DF025',
    name: 'no-curl-wget-insecure',
    language: 'dockerfile',
    scope: 'unit',
    title: 'Download with TLS certificate checks turned off',
    why: 'curl -k/--insecure and wget --no-check-certificate accept any certificate, so anyone on the network path ' + 'can swap the file the build downloads and runs.',
    level: 'error',
    risk: 'high',
    tags: ['security', 'tls', 'CIS-4.11', 'CWE-295'],
    others: {
      checkov: ['CKV2_DOCKER_2', 'CKV2_DOCKER_3'],
    },
    messages: {
      curl: '`curl {{flag}}` turns off certificate checks: anyone between the build and the server can replace the download.',
      wget: '`wget {{flag}}` turns off certificate checks: anyone between the build and the server can replace the download.',
      rcFile: 'This writes `{{setting}}` into {{file}}: every later curl/wget call skips certificate checks.',
    },
    fix: 'safe',
  },
  *check({ model }) {
    for (const run of runShells(model)) {
      for (const cmd of commandsWhere(run.all, isDownloader)) {
        const words = argumentWords(cmd);
        const program = downloader(commandName(cmd)!.name);
        if (program === 'curl') {
          for (const opt of parseArgs(words, { withValue: CURL_VALUE_OPTIONS }).options) {
            if (!CURL_INSECURE.has(opt.name)) continue;
            const edit = removeOptionEdit(runSite(model, run, cmd), opt);
            yield { messageId: 'curl', span: opt.word.span, data: { flag: opt.name }, fixData: edit ? ({ edit, flag: opt.name } satisfies FixData) : undefined };
          }
        } else if (program === 'wget') {
          for (const opt of parseArgs(words, { withValue: WGET_VALUE_OPTIONS }).options) {
            const insecure =
              opt.name === '--no-check-certificate' || ((opt.name === '-e' || opt.name === '--execute') && /^check[_-]?certificate\s*=\s*(off|no|0|false)$/i.test(opt.value ?? ''));
            if (!insecure) continue;
            const edit = removeOptionEdit(runSite(model, run, cmd), opt);
            const flag = opt.name === '--no-check-certificate' ? opt.name : `${opt.name} ${opt.value}`;
            yield { messageId: 'wget', span: opt.word.span, data: { flag }, fixData: edit ? ({ edit, flag } satisfies FixData) : undefined };
          }
        }
      }
      // `echo insecure >> ~/.curlrc`, `check_certificate = off` in a wgetrc (word or heredoc body).
      // The files a command writes are words of the RUN: without one naming an rc file (most RUNs),
      // no text is looked at one by one.
      if (!scriptTextsMayMatch(run, RC_FILE_NAME)) continue;
      // Once per command, not per word: a command with many redirections has as many words.
      const targets = new Map<ShellCommand, ReturnType<typeof rcTarget>>();
      for (const t of scriptTexts(model, run)) {
        // A text of a command that writes no file (most) goes to no rc file.
        if (t.word?.redirect || !t.outputs.length) continue;
        if (!targets.has(t.cmd)) targets.set(t.cmd, rcTarget(t.outputs));
        const target = targets.get(t.cmd);
        if (!target) continue;
        const file = target.kind;
        const lines = t.text.split('\n');
        let pos = 0;
        for (const line of lines) {
          const setting = line.trim();
          const bad = file === 'curlrc' ? /^(-k|--insecure|insecure)$/.test(setting) : /^check[_-]?certificate\s*=\s*\S+$/i.test(setting) && OFF.test(setting.split('=')[1].trim());
          if (bad) {
            const from = pos + line.indexOf(setting);
            yield { messageId: 'rcFile', span: spanInText(t, from, from + setting.length), data: { setting, file: target.path } };
          }
          pos += line.length + 1;
        }
      }
    }
  },
  fix(report) {
    const data = report.fixData;
    if (!data) return [];
    return [{ title: `Remove ${data.flag} (verify certificates)`, safe: true, edits: [data.edit] }];
  },
});

/** `curl.exe` on Windows images is curl. */
const downloader = (name: string) => name.replace(/\.exe$/i, '');
const isDownloader = (name: string) => {
  const program = downloader(name);
  return program === 'curl' || program === 'wget';
};

/** What the path of a file rcTarget finds holds. */
const RC_FILE_NAME = /curlrc|wgetrc/;

/** The curlrc/wgetrc among the files a command writes to. */
function rcTarget(outputs: string[]): { kind: 'curlrc' | 'wgetrc'; path: string } | undefined {
  for (const path of outputs) {
    if (/(^|\/)\.?curlrc$/.test(path)) return { kind: 'curlrc', path };
    if (/(^|\/)\.?wgetrc$/.test(path)) return { kind: 'wgetrc', path };
  }
  return undefined;
}
