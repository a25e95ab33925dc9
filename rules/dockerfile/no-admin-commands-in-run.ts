import { defineRule, message } from '../languages/define-rule.js';
import { type ShellCommand, commandName, findCommands } from '../languages/shell.js';

type Kind = 'interactive' | 'power' | 'service' | 'ssh' | 'admin';

/**
 * Commands that make no sense in a build and hint at an image run like a VM. Narrower than hadolint
 * DL3001: `ps`, `free` and `kill` are left out — they are harmless diagnostics or stop a helper
 * process started earlier in the same RUN.
 */
const COMMANDS = new Map<string, Kind>([
  ['vim', 'interactive'],
  ['vi', 'interactive'],
  ['nano', 'interactive'],
  ['emacs', 'interactive'],
  ['top', 'interactive'],
  ['htop', 'interactive'],
  ['shutdown', 'power'],
  ['reboot', 'power'],
  ['halt', 'power'],
  ['poweroff', 'power'],
  ['service', 'service'],
  ['systemctl', 'service'],
  ['ssh', 'ssh'],
  ['mount', 'admin'],
  ['ifconfig', 'admin'],
]);

/** systemctl sub-commands that only edit unit files (fine in a systemd image) rather than start anything. */
const SYSTEMCTL_OFFLINE = new Set(['enable', 'disable', 'mask', 'unmask', 'preset', 'set-default', 'daemon-reload', 'link', 'edit', 'cat', 'list-unit-files', 'is-enabled']);

/** The kind of a command worth reporting, or undefined. */
function kindOf(cmd: ShellCommand, sshMounted: boolean): { kind: Kind; index: number; name: string } | undefined {
  const found = commandName(cmd);
  if (!found) return undefined;
  const kind = COMMANDS.get(found.name);
  if (!kind) return undefined;
  const args = cmd.words
    .slice(found.index + 1)
    .filter((w) => !w.redirect)
    .map((w) => w.value);
  // `vim +PlugInstall +qall`, `emacs --batch`, `top -bn1`: run without a terminal on purpose.
  if (kind === 'interactive' && args.some((a) => a.startsWith('-') || a.startsWith('+'))) return undefined;
  if (found.name === 'systemctl' && (!args.length || args.some((a) => SYSTEMCTL_OFFLINE.has(a)) || args.includes('--help'))) return undefined;
  // With `--mount=type=ssh` the build borrows the caller's agent: the right way to reach a private host.
  if (kind === 'ssh' && sshMounted) return undefined;
  return { kind, index: found.index, name: found.name };
}

export default defineRule({
  meta: {
    code: 'DF054',
    name: 'no-admin-commands-in-run',
    language: 'dockerfile',
    scope: 'unit',
    title: 'Interactive or admin command in RUN',
    why:
      'Editors, service managers, SSH and power commands do nothing useful in a build and suggest an image run like a ' +
      'virtual machine: logged into, edited by hand, with daemons and credentials it should not carry.',
    level: 'hint',
    risk: 'low',
    tags: ['security', 'CIS-4.3'],
    others: {
      hadolint: ['DL3001'],
      kics: ['Run Utilities And POSIX Commands'],
    },
    messages: {
      interactive: '`{{name}}` is interactive: a build has no terminal. Copy or generate the file instead of editing it.',
      power: '`{{name}}` has no machine to control in a build; a container stops when its process exits.',
      service: message(
        '`{{name}}` starts services in a build step, but no process survives the step. Start the service from CMD/ENTRYPOINT ',
        '(one process per container) or run it in its own container.',
      ),
      ssh: message(
        '`ssh` in a build needs keys that end up in the image or its history. Use `RUN --mount=type=ssh` with ',
        '`docker build --ssh default`, which lends the build your agent without storing keys.',
      ),
      admin: '`{{name}}` administers mounts or network interfaces, which a build step cannot and should not change.',
    },
  },
  *check({ model }) {
    // Every stage (and ONBUILD RUN): these commands are as pointless in a build stage as in the final one.
    // Nested commands count too (`sh -c 'service x start'`); heredoc bodies fed to `cat` are data, not commands.
    for (const found of findCommands(model, (name) => COMMANDS.has(name))) {
      const sshMounted = found.run.flags.some((f) => f.name === 'mount' && f.options.get('type') === 'ssh');
      const hit = kindOf(found.cmd, sshMounted);
      if (hit) yield { messageId: hit.kind, span: found.cmd.words[hit.index].span, data: { name: hit.name } };
    }
  },
});
