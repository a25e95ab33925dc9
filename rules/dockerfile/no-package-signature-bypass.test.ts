import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-package-signature-bypass.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    { name: 'repo_gpgcheck=0 is a different setting', code: 'FROM fedora:40\nRUN echo "repo_gpgcheck=0" >> /etc/yum.repos.d/x.repo\n' },
    { name: 'gpgcheck=1', code: 'FROM fedora:40\nRUN printf "[x]\\nbaseurl=https://r.example.com\\ngpgcheck=1\\n" > /etc/yum.repos.d/x.repo\n' },
    { name: 'signed-by is fine', code: 'FROM debian:12\nRUN echo "deb [signed-by=/etc/apt/keyrings/x.gpg] https://r.example.com stable main" > /etc/apt/sources.list.d/x.list\n' },
    { name: 'gpg --dearmor to a keyring', code: 'FROM debian:12\nRUN curl -fsSL https://r.example.com/key.asc | gpg --dearmor -o /etc/apt/keyrings/x.gpg\n' },
    { name: 'apt-key add of a local file', code: 'FROM debian:12\nCOPY key.asc /tmp/\nRUN apt-key add /tmp/key.asc\n' },
    { name: 'test brackets', code: 'FROM debian:12\nRUN [ -f /x ] && echo yes\n' },
    {
      name: 'trusted=yes on a local repository of packages built in the same RUN (file:)',
      code: 'FROM debian:12\nRUN tempDir="$(mktemp -d)" && ( cd "$tempDir" && dpkg-scanpackages . > Packages ) \\\n    && echo "deb [ trusted=yes ] file://$tempDir ./" > /etc/apt/sources.list.d/temp.list \\\n    && apt-get -o Acquire::GzipIndexes=false update\n',
    },
    {
      name: 'copy: repository in a deb822 file',
      code: 'FROM debian:12\nRUN cat > /etc/apt/sources.list.d/local.sources <<EOF\nTypes: deb\nURIs: copy:/srv/repo\nSuites: ./\nTrusted: yes\nEOF\n',
    },
    {
      name: 'yum repository on file:// with gpgcheck=0',
      code: 'FROM rockylinux:9\nRUN printf "[local]\\nbaseurl=file:///tmp/repo\\ngpgcheck=0\\n" > /etc/yum.repos.d/local.repo\n',
    },
    { name: 'a sources line that is only printed to the build log', code: 'FROM debian:12\nRUN echo "deb [trusted=yes] http://repo.example.com/ ./"\n' },
    { name: 'rpm of a package file of the build', code: 'FROM fedora:40\nCOPY --from=build /out/x.rpm /tmp/\nRUN rpm -ivh --nosignature /tmp/x.rpm\n' },
  ],
  invalid: [
    {
      name: '--allow-unauthenticated starting a continued line (the fix once glued it into `-ycurl`)',
      code: 'FROM debian:12\nRUN apt-get install -y \\\n--allow-unauthenticated curl\n',
      errors: [{ messageId: 'flag', line: 3, column: 1 }],
      safe: true,
      output: 'FROM debian:12\nRUN apt-get install -y \\\ncurl\n',
    },
    {
      name: '--allow-unauthenticated starting a continued line, CRLF',
      code: 'FROM debian:12\r\nRUN apt-get install -y \\\r\n    --allow-unauthenticated curl\r\n',
      errors: [{ messageId: 'flag', line: 3, column: 5 }],
      output: 'FROM debian:12\r\nRUN apt-get install -y \\\r\n    curl\r\n',
    },
    {
      name: 'apt-get --allow-unauthenticated',
      code: 'FROM debian:12\nRUN apt-get install -y --allow-unauthenticated curl\n',
      errors: [{ messageId: 'flag', line: 2, column: 24, level: 'error', message: 'apt-get --allow-unauthenticated' }],
      safe: true,
      output: 'FROM debian:12\nRUN apt-get install -y curl\n',
    },
    {
      name: 'apt-get --force-yes as a global option',
      code: 'FROM debian:12\nRUN apt-get --force-yes -y install curl\n',
      errors: [{ messageId: 'flag', line: 2, column: 13 }],
      output: 'FROM debian:12\nRUN apt-get -y install curl\n',
    },
    {
      name: 'apk --allow-untrusted',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache --allow-untrusted tool\n',
      errors: [{ messageId: 'flag', line: 2, column: 24 }],
      output: 'FROM alpine:3.20\nRUN apk add --no-cache tool\n',
    },
    {
      name: 'dnf --nogpgcheck',
      code: 'FROM fedora:40\nRUN dnf install -y --nogpgcheck tool && dnf clean all\n',
      errors: [{ messageId: 'flag', line: 2, column: 20 }],
      output: 'FROM fedora:40\nRUN dnf install -y tool && dnf clean all\n',
    },
    {
      name: 'rpm --nosignature of a downloaded package',
      code: 'FROM fedora:40\nRUN rpm -ivh --nosignature https://r.example.com/x.rpm\n',
      errors: [{ messageId: 'flag', line: 2, column: 14 }],
      output: 'FROM fedora:40\nRUN rpm -ivh https://r.example.com/x.rpm\n',
    },
    {
      name: 'apk --allow-untrusted for package files of another stage: info, no fix (removing it breaks the build)',
      code: 'FROM alpine:3.20\nRUN --mount=type=bind,target=/tmp/packages/,source=/tmp/packages/,from=builder \\\n    apk add --no-cache --allow-untrusted /tmp/packages/nginx-module-${module}-${NGINX_VERSION}*.apk\n',
      errors: [{ messageId: 'localFlag', line: 3, column: 24, level: 'info' }],
      output: null,
    },
    {
      name: 'trusted=yes on a remote repository, written through tee',
      code: 'FROM debian:12\nRUN echo "deb [trusted=yes] https://repo.example.com/ ./" | tee /etc/apt/sources.list.d/x.list\n',
      errors: [{ messageId: 'trusted', line: 2, column: 15, level: 'error' }],
      output: 'FROM debian:12\nRUN echo "deb https://repo.example.com/ ./" | tee /etc/apt/sources.list.d/x.list\n',
    },
    {
      name: 'apt -o APT::Get::AllowUnauthenticated=true',
      code: 'FROM debian:12\nRUN apt-get -o APT::Get::AllowUnauthenticated=true install -y curl\n',
      errors: [{ messageId: 'aptOption', line: 2, column: 13 }],
      output: 'FROM debian:12\nRUN apt-get install -y curl\n',
    },
    {
      name: 'dnf --setopt=*.gpgcheck=0',
      code: 'FROM fedora:40\nRUN dnf --setopt=*.gpgcheck=0 install -y tool\n',
      errors: [{ messageId: 'gpgcheck', line: 2, column: 9 }],
      output: 'FROM fedora:40\nRUN dnf install -y tool\n',
    },
    {
      name: '[trusted=yes] alone in an echoed sources line',
      code: 'FROM debian:12\nRUN echo "deb [trusted=yes] http://repo.example.com/ ./" > /etc/apt/sources.list.d/x.list\n',
      errors: [{ messageId: 'trusted', line: 2, column: 15, endColumn: 28 }],
      output: 'FROM debian:12\nRUN echo "deb http://repo.example.com/ ./" > /etc/apt/sources.list.d/x.list\n',
    },
    {
      name: 'trusted=yes among other options in a heredoc',
      code: 'FROM debian:12\nRUN cat <<EOF > /etc/apt/sources.list.d/x.list\ndeb [arch=amd64 trusted=yes] https://repo.example.com/ stable main\nEOF\n',
      errors: [{ messageId: 'trusted', line: 3, column: 5 }],
      output: 'FROM debian:12\nRUN cat <<EOF > /etc/apt/sources.list.d/x.list\ndeb [arch=amd64] https://repo.example.com/ stable main\nEOF\n',
    },
    {
      name: 'gpgcheck=0 written into a .repo file (no automatic fix)',
      code: 'FROM rockylinux:9\nRUN printf "[x]\\nbaseurl=https://r.example.com\\ngpgcheck=0\\n" > /etc/yum.repos.d/x.repo\n',
      errors: [{ messageId: 'gpgcheck', line: 2, column: 49 }],
      output: null,
    },
    {
      name: 'gpgcheck=0 on the remote repository of a .repo text that also has a local one',
      code: 'FROM rockylinux:9\nRUN printf "[local]\\nbaseurl=file:///tmp/repo\\ngpgcheck=0\\n[x]\\nbaseurl=https://r.example.com\\ngpgcheck=0\\n" > /etc/yum.repos.d/x.repo\n',
      errors: [{ messageId: 'gpgcheck', line: 2, column: 96 }],
      output: null,
    },
    {
      name: 'yum-config-manager --setopt … gpgcheck=0',
      code: 'FROM centos:7\nRUN yum-config-manager --save --setopt=x.gpgcheck=0\n',
      errors: [{ messageId: 'gpgcheck', line: 2, column: 40 }],
    },
    {
      name: 'deb822 Trusted: yes',
      code: 'FROM debian:12\nRUN cat > /etc/apt/sources.list.d/x.sources <<EOF\nTypes: deb\nURIs: https://r.example.com\nTrusted: yes\nEOF\n',
      errors: [{ messageId: 'trustedField', line: 5, column: 1 }],
    },
    {
      name: 'curl | apt-key add - is a warning',
      code: 'FROM debian:11\nRUN curl -fsSL https://r.example.com/key.gpg | apt-key add -\n',
      errors: [{ messageId: 'aptKeyPipe', line: 2, column: 48, level: 'warning' }],
      output: null,
    },
    {
      name: 'zypper --no-gpg-checks',
      code: 'FROM opensuse/leap:15.6\nRUN zypper --non-interactive --no-gpg-checks install tool\n',
      errors: [{ messageId: 'flag', line: 2, column: 30 }],
      output: 'FROM opensuse/leap:15.6\nRUN zypper --non-interactive install tool\n',
    },
  ],
});
