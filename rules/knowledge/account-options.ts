/**
 * Which options of the account commands take a value, so that the value is not read as the
 * account's name: shadow's useradd/usermod/groupadd, Debian's adduser/addgroup (long options) and
 * BusyBox's adduser/addgroup (short ones). Each command has its own table because a letter means
 * different things: `groupadd -f` is --force (no value), `useradd -f` is --inactive DAYS.
 */

const USERADD = [
  '-b',
  '-c',
  '-d',
  '-e',
  '-f',
  '-g',
  '-G',
  '-k',
  '-K',
  '-p',
  '-P',
  '-R',
  '-s',
  '-u',
  '-Z',
  '--base-dir',
  '--comment',
  '--home-dir',
  '--expiredate',
  '--inactive',
  '--gid',
  '--groups',
  '--skel',
  '--key',
  '--password',
  '--prefix',
  '--root',
  '--shell',
  '--uid',
  '--selinux-user',
  '--selinux-range',
];

/** usermod: `-b` is --badname there (no value), `-l` the new login name. */
const USERMOD = [
  '-c',
  '-d',
  '-e',
  '-f',
  '-g',
  '-G',
  '-l',
  '-p',
  '-P',
  '-R',
  '-s',
  '-u',
  '-v',
  '-V',
  '-w',
  '-W',
  '-Z',
  '--comment',
  '--home',
  '--expiredate',
  '--inactive',
  '--gid',
  '--groups',
  '--login',
  '--password',
  '--prefix',
  '--root',
  '--shell',
  '--uid',
  '--add-subuids',
  '--del-subuids',
  '--add-subgids',
  '--del-subgids',
  '--selinux-user',
  '--selinux-range',
];

/** groupadd: `-f` (--force), `-o` and `-r` take none. */
const GROUPADD = ['-g', '-K', '-p', '-P', '-R', '-U', '--gid', '--key', '--password', '--prefix', '--root', '--users'];

/** Debian adduser/addgroup options that take a value (common to both). */
const DEBIAN_ADDUSER = [
  '--conf',
  '--firstuid',
  '--lastuid',
  '--firstgid',
  '--lastgid',
  '--gid',
  '--uid',
  '--home',
  '--shell',
  '--ingroup',
  '--gecos',
  '--comment',
  '--stdoutmsglevel',
  '--stderrmsglevel',
  '--logmsglevel',
];

/** BusyBox adduser: -h DIR, -g GECOS, -s SHELL, -G GROUP, -u UID, -k SKEL. */
const BUSYBOX_ADDUSER = ['-h', '-g', '-s', '-G', '-u', '-k'];

const VALUE_OPTIONS = new Map<string, ReadonlySet<string>>([
  ['useradd', new Set(USERADD)],
  ['usermod', new Set(USERMOD)],
  ['groupadd', new Set(GROUPADD)],
  // On Fedora/RHEL/SUSE `adduser` is useradd under another name.
  ['adduser', new Set([...USERADD, ...DEBIAN_ADDUSER, ...BUSYBOX_ADDUSER])],
  ['addgroup', new Set([...DEBIAN_ADDUSER, '-g'])],
]);

const NONE: ReadonlySet<string> = new Set();

/** The options of account command `command` (useradd, usermod, groupadd, adduser, addgroup) that take a value. */
export function accountValueOptions(command: string): ReadonlySet<string> {
  return VALUE_OPTIONS.get(command) ?? NONE;
}
