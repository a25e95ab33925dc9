import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './require-download-verification.js';

const SHA = '24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d';

ruleTester(rule, {
  valid: [
    {
      name: 'golang-style: download, sha256sum -c, unpack',
      code: `FROM debian:12\nRUN curl -fsSLo go.tgz https://go.dev/dl/go1.22.5.linux-amd64.tar.gz \\\n && echo "${SHA} *go.tgz" | sha256sum -c - \\\n && tar -C /usr/local -xzf go.tgz && rm go.tgz\n`,
    },
    {
      name: 'node-style: signature and checksum list',
      code:
        'FROM debian:12\nRUN curl -fsSLO "https://nodejs.org/dist/v20.15.0/node-v20.15.0-linux-x64.tar.xz" \\\n' +
        ' && curl -fsSLO --compressed "https://nodejs.org/dist/v20.15.0/SHASUMS256.txt.asc" \\\n' +
        ' && gpg --batch --decrypt --output SHASUMS256.txt SHASUMS256.txt.asc \\\n' +
        ' && grep " node-v20.15.0-linux-x64.tar.xz$" SHASUMS256.txt | sha256sum -c -\n',
    },
    { name: 'key import piped to gpg', code: 'FROM debian:12\nRUN curl -fsSL https://download.docker.com/linux/debian/gpg | gpg --dearmor -o /usr/share/keyrings/docker.gpg\n' },
    { name: 'keyring file download', code: 'FROM debian:12\nRUN curl -fsSLo /usr/share/keyrings/nodesource.gpg https://deb.nodesource.com/gpgkey/nodesource.gpg.key\n' },
    { name: 'API answer into jq', code: 'FROM alpine:3.20\nRUN curl -s https://api.github.com/repos/o/r/releases/latest | jq -r .tag_name\n' },
    { name: 'health check to /dev/null', code: 'FROM alpine:3.20\nRUN curl -fsS -o /dev/null https://example.com/\n' },
    { name: 'version into a variable', code: 'FROM alpine:3.20\nRUN V="$(curl -fsSL https://example.com/VERSION)" && echo "$V"\n' },
    { name: 'piped to sh is another rule', code: 'FROM alpine:3.20\nRUN curl -fsSL https://get.example.com | sh\n' },
    {
      name: 'verified in a later RUN of the same stage',
      code: `FROM alpine:3.20\nRUN wget -O /tmp/tool https://example.com/tool\nRUN echo "${SHA}  /tmp/tool" | sha256sum -c -\n`,
    },
    {
      name: 'cosign verify-blob',
      code: 'FROM alpine:3.20\nRUN wget -O t.tgz https://example.com/t.tgz && wget -O t.tgz.sig https://example.com/t.tgz.sig && cosign verify-blob --key k.pub --signature t.tgz.sig t.tgz\n',
    },
    {
      name: 'a file at a full commit id on GitHub: the commit names its content',
      code: 'FROM alpine:3.20\nRUN curl -fsSL -o /etc/caddy/Caddyfile https://github.com/caddyserver/dist/raw/33ae08ff08d168572df2956ed14fbc4949880d94/config/Caddyfile\n',
    },
    {
      name: 'raw.githubusercontent.com, GitLab raw and a commit archive, each at a full commit id',
      code:
        'FROM alpine:3.20\nRUN wget -O /x https://raw.githubusercontent.com/o/r/33ae08ff08d168572df2956ed14fbc4949880d94/x.sh \\\n' +
        ' && wget -O /y https://gitlab.com/g/p/-/raw/33ae08ff08d168572df2956ed14fbc4949880d94/y.conf \\\n' +
        ' && curl -fsSL https://github.com/o/r/archive/33ae08ff08d168572df2956ed14fbc4949880d94.tar.gz | tar -xz -C /src\n',
    },
  ],
  invalid: [
    {
      name: 'looks pinned, but a branch, a tag or a short commit id can move: reported',
      code:
        'FROM alpine:3.20\nRUN curl -fsSL -o /a https://github.com/o/r/raw/main/a.conf \\\n' +
        ' && curl -fsSL -o /b https://raw.githubusercontent.com/o/r/v1.2.3/b.conf \\\n' +
        ' && curl -fsSL -o /c https://github.com/o/r/raw/33ae08f/c.conf \\\n' +
        ' && curl -fsSL -o /d https://example.com/33ae08ff08d168572df2956ed14fbc4949880d94/d.bin\n',
      errors: [
        { messageId: 'unverified', line: 2, column: 5, message: 'curl downloads /a' },
        { messageId: 'unverified', line: 3, column: 5, message: 'curl downloads /b' },
        { messageId: 'unverified', line: 4, column: 5, message: 'curl downloads /c' },
        { messageId: 'unverified', line: 5, column: 5, message: 'curl downloads /d' },
      ],
    },
    {
      name: 'release binary with curl -o',
      code: 'FROM alpine:3.20\nRUN curl -fsSLo /usr/local/bin/tini https://github.com/krallin/tini/releases/download/v0.19.0/tini && chmod +x /usr/local/bin/tini\n',
      errors: [{ messageId: 'unverified', line: 2, column: 5, endColumn: 9, message: 'curl downloads /usr/local/bin/tini' }],
    },
    {
      name: 'wget default file name, then unpack',
      code: 'FROM alpine:3.20\nRUN wget https://example.com/tool-1.0.tar.gz && tar xzf tool-1.0.tar.gz\n',
      errors: [{ messageId: 'unverified', line: 2, column: 5, message: 'wget downloads https://example.com/tool-1.0.tar.gz' }],
    },
    {
      name: 'streamed into tar',
      code: 'FROM alpine:3.20\nRUN wget -qO- https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin\n',
      errors: [{ messageId: 'unverified', line: 2, column: 5 }],
    },
    {
      name: 'installer script saved and run (curl -o + sh)',
      code: 'FROM debian:12\nRUN curl -fsSL https://get.docker.com -o get-docker.sh && sh get-docker.sh\n',
      errors: [{ messageId: 'unverified', line: 2, column: 5, message: 'get-docker.sh' }],
    },
    {
      name: 'redirected to a file; a checksum in another stage does not count',
      code: `FROM alpine:3.20 AS a\nRUN echo "${SHA}  x" | sha256sum -c - || true\nFROM alpine:3.20\nRUN curl -fsSL https://example.com/x > /usr/local/bin/x\n`,
      errors: [{ messageId: 'unverified', line: 4, column: 5, message: '/usr/local/bin/x' }],
    },
    {
      name: 'a checksum before the download does not check it',
      code: `FROM alpine:3.20\nRUN echo "${SHA}  /usr/local/bin/kubectl" | sha256sum -c - \\\n && curl -fsSL https://get.helm.sh/helm-v3.15.2-linux-amd64.tar.gz | tar -xz -C /tmp\n`,
      errors: [{ messageId: 'unverified', line: 3, column: 5, message: 'helm-v3.15.2' }],
    },
    {
      name: 'two downloads in one RUN',
      code: 'FROM alpine:3.20\nRUN curl -fsSLO https://example.com/a.tgz \\\n && curl -fsSLO https://example.com/b.tgz\n',
      errors: [
        { messageId: 'unverified', line: 2, column: 5 },
        { messageId: 'unverified', line: 3, column: 5 },
      ],
    },
  ],
});
