import { defineRule, message } from '../languages/define-rule.js';
import type { Span } from '../engine/types.js';
import { stageChain } from '../languages/dockerfile.js';
import { runsNoServiceOfItsOwn } from '../knowledge/runtime-user.js';
import { type ShellCommand, type ShellWord, commandName, runShells } from '../languages/shell.js';

type Kind = 'compiler' | 'debugger' | 'network';

/**
 * Packages that turn a foothold in the container into more: compilers and build tools (build an
 * exploit in place), debuggers and tracers (read other processes' memory), network scanners and
 * sniffers. curl and wget are left out, and so are netcat and socat: health checks, entrypoints that
 * wait for a port, and servers' admin sockets (haproxy's runtime API) use them at run time.
 */
const PACKAGES = new Map<string, Kind>([
  ['gcc', 'compiler'],
  ['g++', 'compiler'],
  ['gcc-c++', 'compiler'],
  ['cc', 'compiler'],
  ['clang', 'compiler'],
  ['make', 'compiler'],
  ['cmake', 'compiler'],
  ['build-essential', 'compiler'],
  ['build-base', 'compiler'],
  ['autoconf', 'compiler'],
  ['automake', 'compiler'],
  ['libtool', 'compiler'],
  ['gfortran', 'compiler'],
  ['gdb', 'debugger'],
  ['strace', 'debugger'],
  ['ltrace', 'debugger'],
  ['valgrind', 'debugger'],
  ['nmap', 'network'],
  ['tcpdump', 'network'],
  ['tshark', 'network'],
  ['hping3', 'network'],
  ['masscan', 'network'],
]);

/** Versioned compiler packages: `gcc-12`, `g++-13`, `clang-17`. */
const VERSIONED = /^(gcc|g\+\+|clang)-\d+$/;

const KIND_TEXT: Record<Kind, string> = {
  compiler: 'a compiler/build tool',
  debugger: 'a debugger/tracer',
  network: 'a network scanning tool',
};

/** Package managers: the sub-commands that install and remove. */
const MANAGERS: Record<string, { install: string[]; remove: string[] }> = {
  'apt-get': { install: ['install'], remove: ['remove', 'purge', 'autoremove'] },
  apt: { install: ['install'], remove: ['remove', 'purge', 'autoremove'] },
  apk: { install: ['add'], remove: ['del'] },
  yum: { install: ['install'], remove: ['remove', 'erase', 'autoremove'] },
  dnf: { install: ['install'], remove: ['remove', 'erase', 'autoremove'] },
  microdnf: { install: ['install'], remove: ['remove'] },
  tdnf: { install: ['install'], remove: ['remove', 'erase', 'autoremove'] },
  zypper: { install: ['install', 'in'], remove: ['remove', 'rm'] },
};

/** Options that take the next word as their value (so it is not a package). */
const VALUE_OPTIONS = new Set([
  '-t',
  '--virtual',
  '-o',
  '--option',
  '-c',
  '--config-file',
  '-X',
  '--repository',
  '--root',
  '-p',
  '--setopt',
  '--enablerepo',
  '--disablerepo',
  '--installroot',
  '--releasever',
]);

interface Installed {
  kind: Kind;
  span: Span;
  word: string;
}

interface Parsed {
  manager: string;
  action: 'install' | 'remove';
  packages: ShellWord[];
  /** apk `--virtual NAME`/`-t NAME`: the group the packages can be deleted by. */
  group?: string;
  /** A package list that cannot be read (`$BUILD_DEPS`) or an auto-remove without names. */
  unknown: boolean;
}

function parse(cmd: ShellCommand): Parsed | undefined {
  const name = commandName(cmd);
  if (!name) return undefined;
  const mgr = Object.hasOwn(MANAGERS, name.name) ? MANAGERS[name.name] : undefined;
  if (!mgr) return undefined;
  const words = cmd.words.slice(name.index + 1).filter((w) => !w.redirect);
  let action: Parsed['action'] | undefined;
  let sub: string | undefined;
  let group: string | undefined;
  let autoRemove = false;
  const packages: ShellWord[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i].value;
    if (w.startsWith('-')) {
      if (w === '--auto-remove' || w === '--autoremove') autoRemove = true;
      if ((w === '-t' || w === '--virtual') && name.name === 'apk') group = words[i + 1]?.value;
      if (w.startsWith('--virtual=')) group = w.slice('--virtual='.length);
      if (VALUE_OPTIONS.has(w)) i++;
      continue;
    }
    if (!action) {
      if (mgr.install.includes(w)) action = 'install';
      else if (mgr.remove.includes(w)) action = 'remove';
      else return undefined;
      sub = w;
      continue;
    }
    packages.push(words[i]);
  }
  if (!action) return undefined;
  const unknown = packages.some((p) => p.value.includes('$')) || (action === 'remove' && (sub === 'autoremove' || autoRemove) && !packages.length);
  return { manager: name.name, action, packages, group, unknown };
}

const RPM_MANAGERS = new Set(['yum', 'dnf', 'microdnf', 'tdnf', 'zypper']);

/** `gcc=4:12.2-1`, `gcc~12`, `gcc:amd64` → `gcc`; for rpm managers also `gcc-11.3.1` → `gcc`. */
function packageName(word: string, manager: string): string {
  const name = word.split(/[=~<>:]/)[0].toLowerCase();
  return RPM_MANAGERS.has(manager) ? name.replace(/-\d[\w.]*(?:-[\w.]+)?$/, '') : name;
}

function kindOf(pkg: string): Kind | undefined {
  return PACKAGES.get(pkg) ?? (VERSIONED.test(pkg) ? 'compiler' : undefined);
}

export default defineRule({
  meta: {
    code: 'DF059',
    name: 'no-build-tools-in-final-stage',
    language: 'dockerfile',
    title: 'Final image keeps build, debug or network tools',
    why:
      'Compilers, debuggers and network tools left in the final image hand an attacker who gets in a workshop: build ' +
      'an exploit in place, read other processes, scan and pivot. They also add packages to patch.',
    level: 'hint',
    risk: 'low',
    tags: ['security', 'CIS-4.3', 'attack-surface'],
    others: {},
    messages: {
      tool: message(
        'The final image keeps {{pkg}} ({{what}}). Install it in a build stage and COPY only the result into the final ',
        'stage, or remove it in the same RUN that uses it.',
      ),
    },
  },
  *check({ model }) {
    const stage = model.finalStage;
    // A base or toolchain image (golang, `CMD ["irb"]`) is the workshop: the images built FROM it run the service.
    if (!stage || runsNoServiceOfItsOwn(model, stage)) return;
    const installed = new Map<string, Installed>();
    const groups = new Map<string, string[]>();
    // What the final image holds: installs and removals in order, through the stages it is built FROM.
    for (const s of stageChain(stage).reverse()) {
      for (const run of runShells(model, s)) {
        if (run.onbuild) continue;
        const thisRun: string[] = [];
        for (const cmd of run.all) {
          const p = parse(cmd);
          if (!p) continue;
          if (p.action === 'install') {
            const names: string[] = [];
            for (const w of p.packages) {
              const pkg = packageName(w.value, p.manager);
              names.push(pkg);
              const kind = kindOf(pkg);
              if (kind) installed.set(pkg, { kind, span: w.span, word: w.value });
            }
            thisRun.push(...names);
            if (p.group) groups.set(p.group, names);
          } else if (p.unknown) {
            // `apt-get purge --auto-remove`, `apk del $deps`: assume this RUN cleans up what it installed.
            for (const pkg of thisRun) installed.delete(pkg);
          } else {
            for (const w of p.packages) {
              const pkg = packageName(w.value, p.manager);
              for (const member of groups.get(w.value) ?? [pkg]) installed.delete(member);
            }
          }
        }
      }
    }
    for (const [pkg, info] of installed) {
      yield { messageId: 'tool', span: info.span, data: { pkg: info.word === pkg ? pkg : `${pkg} (${info.word})`, what: KIND_TEXT[info.kind] } };
    }
  },
});
