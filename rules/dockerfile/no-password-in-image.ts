import { defineRule } from '../languages/define-rule.js';
import { type ShellCommand, argumentWords, commandName, commandsNamed, finalImageStages, parseArgs, finalImageRuns } from '../languages/shell.js';
import { accountValueOptions } from '../knowledge/account-options.js';

/** Password fields that lock an account instead of setting a password. */
const LOCKED = new Set(['*', '!', '!!', '!*', 'x', '*LK*']);

/** Whether a command gets its standard input from something in the script (pipe, heredoc, here-string, file). */
function stdinFed(cmd: ShellCommand): boolean {
  return cmd.after === '|' || cmd.after === '|&' || cmd.redirects.some((r) => r.op.startsWith('<'));
}

export default defineRule({
  meta: {
    code: 'DF012',
    name: 'no-password-in-image',
    language: 'dockerfile',
    title: 'Password set in the image',
    why:
      'A password set during the build is stored (hashed) in /etc/shadow of every copy of the image and, written in ' +
      'the Dockerfile, in its history too; containers should not need login passwords at all.',
    level: 'error',
    risk: 'high',
    tags: ['security', 'secrets', 'CIS-4.10', 'CWE-798', 'CWE-259'],
    others: {
      checkov: ['CKV2_DOCKER_17'],
    },
    messages: {
      chpasswd: '`chpasswd` sets a password that ships in the image. Lock the account instead, or use key-based or no login.',
      passwd: '`passwd` is fed a password here: it ships in the image. Lock the account instead (`passwd -l`).',
      option: '`{{program}} {{flag}}` sets a password hash that ships in the image.',
    },
  },
  *check({ model }) {
    const stages = finalImageStages(model);
    for (const run of finalImageRuns(model)) {
      // A password set in a build stage stays there; ONBUILD ones land in child images.
      if (!run.onbuild && run.instr.stage && !stages.has(run.instr.stage)) continue;
      for (const cmd of commandsNamed(run.all, 'chpasswd', 'passwd', 'usermod', 'useradd')) {
        const name = commandName(cmd)?.name;
        if (name === 'chpasswd') {
          yield { messageId: 'chpasswd', span: cmd.span };
        } else if (name === 'passwd') {
          const args = argumentWords(cmd).map((w) => w.value);
          // passwd -l/-d/-u/-e/-S… manage the account without setting a password.
          const manages = args.some((a) => /^-[ldueSnxwi]/.test(a) || /^--(lock|delete|unlock|expire|status)/.test(a));
          if (!manages && (args.includes('--stdin') || stdinFed(cmd))) yield { messageId: 'passwd', span: cmd.span };
        } else if (name === 'usermod' || name === 'useradd') {
          for (const opt of parseArgs(argumentWords(cmd), { withValue: accountValueOptions(name) }).options) {
            if ((opt.name === '-p' || opt.name === '--password') && opt.value !== undefined && !LOCKED.has(opt.value)) {
              yield { messageId: 'option', span: opt.word.span, data: { program: name, flag: opt.name } };
            }
          }
        }
      }
    }
  },
});
