import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './prefer-copy-to-add.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nCOPY . /app\n',
    { name: 'local archive: ADD unpacks it on purpose', code: 'FROM scratch\nADD rootfs.tar.gz /\n' },
    { name: 'other archive suffixes', code: 'FROM scratch\nADD a.tgz b.tar.xz c.tar.zst /\nADD d.tar /d/\nADD e.TAR.BZ2 /e/\n' },
    { name: 'remote URL (another rule)', code: 'FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.txt /a.txt\n' },
    { name: 'git source', code: 'FROM alpine:3.20\nADD https://github.com/moby/buildkit.git#v0.14.0 /src\n' },
    { name: 'source from an unresolved variable may be an archive', code: 'FROM alpine:3.20\nARG TARBALL\nADD ${TARBALL} /opt/\n' },
    { name: 'mixed local and URL sources', code: 'FROM alpine:3.20\nADD conf/ https://example.com/x.conf /etc/app/\n' },
    { name: 'variable resolving to an archive', code: 'FROM alpine:3.20\nARG PKG=app.tar.gz\nADD ${PKG} /opt/\n' },
    { name: 'half-typed ADD', code: 'FROM alpine:3.20\nADD \n' },
    { name: 'quoted URL (once read as a local path, and the safe fix broke the build)', code: 'FROM alpine:3.20\nADD "https://example.com/x.bin" /x.bin\n' },
    { name: 'quoted git URL with a variable and --keep-git-dir', code: 'FROM alpine:3.20\nARG V\nADD --keep-git-dir=true "https://github.com/o/r.git#$V" .\n' },
    { name: 'single-quoted URL', code: "FROM alpine:3.20\nADD 'https://example.com/x.bin' /x.bin\n" },
    { name: 'URL from a build argument with no default', code: 'FROM alpine:3.20\nARG URL\nADD $URL /x\n' },
    { name: 'URL from a build argument with a URL default', code: 'FROM alpine:3.20\nARG URL=https://example.com/x.bin\nADD ${URL} /x\n' },
  ],
  invalid: [
    {
      name: 'no fix for several sources without a directory destination (it builds neither way)',
      code: 'FROM alpine:3.20\nADD a.txt b.txt dest\n',
      errors: [{ messageId: 'useCopy', line: 2, column: 1 }],
      output: null,
    },
    {
      name: 'looks risky but is fine: a quoted local path',
      code: 'FROM alpine:3.20\nADD "app/" /app/\n',
      errors: [{ messageId: 'useCopy', line: 2, column: 1 }],
      safe: true,
      output: 'FROM alpine:3.20\nCOPY "app/" /app/\n',
    },
    {
      name: 'source from a variable with a local default: a build argument may pass a URL, so the fix is not safe',
      code: 'FROM alpine:3.20\nARG SRC=conf/\nADD $SRC /etc/app/\n',
      errors: [{ messageId: 'useCopy', line: 3, column: 1 }],
      safe: false,
      output: 'FROM alpine:3.20\nARG SRC=conf/\nCOPY $SRC /etc/app/\n',
    },
    {
      name: 'local directory',
      code: 'FROM alpine:3.20\nADD . /app\n',
      errors: [{ messageId: 'useCopy', line: 2, column: 1, endColumn: 4 }],
      fixTitle: 'Replace ADD with COPY',
      safe: true,
      output: 'FROM alpine:3.20\nCOPY . /app\n',
    },
    {
      name: 'several files with --chown and --chmod; JSON form',
      code: 'FROM node:20\nADD --chown=node:node --chmod=644 ["package.json", "package-lock.json", "./"]\n',
      errors: [{ messageId: 'useCopy', line: 2, column: 1 }],
      output: 'FROM node:20\nCOPY --chown=node:node --chmod=644 ["package.json", "package-lock.json", "./"]\n',
    },
    {
      name: 'lower-case keyword keeps its case; variable resolving to a plain file',
      code: 'FROM alpine:3.20\nARG CONF=app.conf\nadd ${CONF} /etc/app/\n',
      errors: [{ messageId: 'useCopy', line: 3, column: 1 }],
      output: 'FROM alpine:3.20\nARG CONF=app.conf\ncopy ${CONF} /etc/app/\n',
    },
    {
      name: 'zip is not unpacked by ADD',
      code: 'FROM alpine:3.20\nADD bundle.zip /opt/\n',
      errors: [{ messageId: 'useCopy', line: 2, column: 1 }],
      output: 'FROM alpine:3.20\nCOPY bundle.zip /opt/\n',
    },
    {
      name: 'ONBUILD ADD',
      code: 'FROM alpine:3.20\nONBUILD ADD . /app/src\n',
      errors: [{ messageId: 'useCopy', line: 2, column: 9 }],
      output: 'FROM alpine:3.20\nONBUILD COPY . /app/src\n',
    },
    {
      name: 'heredoc source',
      code: 'FROM alpine:3.20\nADD <<EOF /etc/motd\nhello\nEOF\n',
      errors: [{ messageId: 'useCopy', line: 2, column: 1 }],
      output: 'FROM alpine:3.20\nCOPY <<EOF /etc/motd\nhello\nEOF\n',
    },
    {
      name: 'a flag COPY does not have: flagged, no fix',
      code: 'FROM alpine:3.20\nADD --keep-git-dir=true src /src\n',
      errors: [{ messageId: 'useCopy', line: 2, column: 1 }],
      output: null,
    },
    {
      name: 'CRLF and continuation lines',
      code: 'FROM alpine:3.20\r\nADD --link \\\r\n    src/ /app/\r\n',
      errors: [{ messageId: 'useCopy', line: 2, column: 1 }],
      output: 'FROM alpine:3.20\r\nCOPY --link \\\r\n    src/ /app/\r\n',
    },
  ],
});
