import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-unpinned-remote-add.js';

const SHA = '24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d';
const COMMIT = '8d2bd5fd2b3bd43b3b5c8a1d6d3b3e6b9e5c3a41';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nCOPY app /app\n',
    { name: 'URL with --checksum', code: `FROM alpine:3.20\nADD --checksum=sha256:${SHA} https://example.com/tool.tar.gz /opt/\n` },
    { name: 'git ref pinned to a commit', code: `FROM alpine:3.20\nADD https://github.com/moby/buildkit.git#${COMMIT} /src\n` },
    { name: 'git commit with a subdirectory', code: `FROM alpine:3.20\nADD git@github.com:moby/buildkit.git#${COMMIT}:docs /docs\n` },
    { name: 'git query form with commit', code: `FROM alpine:3.20\nADD https://github.com/moby/buildkit.git?ref=v0.14.0&commit=${COMMIT} /src\n` },
    { name: 'git with --checksum', code: `FROM alpine:3.20\nADD --checksum=${COMMIT} https://github.com/moby/buildkit.git#v0.14.0 /src\n` },
    { name: 'local ADD is another rule', code: 'FROM alpine:3.20\nADD rootfs.tar.gz /\n' },
    { name: 'URL in COPY is not fetched by ADD (and fails to build)', code: 'FROM alpine:3.20\nCOPY --from=build /out /out\n' },
  ],
  invalid: [
    {
      name: 'quoted URL (once read as a local path)',
      code: 'FROM alpine:3.20\nADD "https://example.com/x.bin" /x.bin\n',
      errors: [{ messageId: 'url', line: 2, column: 5, message: 'https://example.com/x.bin' }],
    },
    {
      name: 'quoted git URL whose ref is a build argument',
      code: 'FROM alpine:3.20\nARG V\nADD --keep-git-dir=true "https://github.com/o/r.git#$V" .\n',
      errors: [{ messageId: 'gitRef', line: 3, column: 25 }],
    },
    {
      name: 'URL without checksum',
      code: 'FROM alpine:3.20\nADD https://example.com/tool.tar.gz /opt/\n',
      errors: [{ messageId: 'url', line: 2, column: 5, endColumn: 36, message: 'https://example.com/tool.tar.gz' }],
    },
    {
      name: 'URL with a version from an ARG; --chown does not help',
      code: 'FROM alpine:3.20\nARG V=1.2.3\nADD --chown=1000 https://example.com/v${V}/tool /usr/local/bin/tool\n',
      errors: [{ messageId: 'url', line: 3, column: 18, message: 'https://example.com/v1.2.3/tool' }],
    },
    {
      name: 'git tag',
      code: 'FROM alpine:3.20\nADD https://github.com/moby/buildkit.git#v0.14.0 /src\n',
      errors: [{ messageId: 'gitRef', line: 2, column: 5, message: 'at v0.14.0' }],
    },
    {
      name: 'git default branch, scp-like address, ONBUILD',
      code: 'FROM alpine:3.20\nONBUILD ADD --keep-git-dir=true git@github.com:org/app.git /src\n',
      errors: [{ messageId: 'gitDefault', line: 2, column: 33 }],
    },
    {
      name: 'several URLs: one finding each',
      code: 'FROM alpine:3.20\nADD https://a.example/x.txt \\\n    https://b.example/y.txt /data/\n',
      errors: [
        { messageId: 'url', line: 2, column: 5 },
        { messageId: 'url', line: 3, column: 5 },
      ],
    },
    {
      name: 'JSON form',
      code: 'FROM alpine:3.20\nADD ["https://example.com/a b.txt", "/data/"]\n',
      errors: [{ messageId: 'url', line: 2, column: 6 }],
    },
  ],
});
