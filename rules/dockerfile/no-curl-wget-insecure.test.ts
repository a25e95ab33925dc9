import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-curl-wget-insecure.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nRUN curl -fsSL https://example.com/x.tgz -o /tmp/x.tgz\n',
    { name: 'curl -u with a value that contains k is a user name', code: 'FROM alpine:3.20\nRUN curl -ukeith:pw https://example.com/\n' },
    {
      name: 'the word after --data-urlencode is its data, even one that looks like -k (curl reads it so)',
      code: 'FROM alpine:3.20\nRUN curl -fsS --data-urlencode -k https://example.com/form -o /dev/null\n',
    },
    { name: 'wget -k is --convert-links', code: 'FROM alpine:3.20\nRUN wget -k https://example.com/\n' },
    { name: 'insecure as a word elsewhere', code: 'FROM alpine:3.20\nRUN echo "--insecure is bad" && grep -k x || true\n' },
    { name: 'heredoc data that mentions curl -k is not run', code: 'FROM alpine:3.20\nRUN cat <<EOF > /usr/share/doc/notes.txt\ncurl -k is not allowed here\nEOF\n' },
    { name: 'curlrc with other settings', code: 'FROM alpine:3.20\nRUN echo "retry = 3" >> ~/.curlrc\n' },
  ],
  invalid: [
    {
      name: '-k starting a continued line (the fix once glued it into `-fsSLhttps://x`)',
      code: 'FROM alpine:3.20\nRUN curl -fsSL \\\n-k https://example.com/x -o /x\n',
      errors: [{ messageId: 'curl', line: 3, column: 1 }],
      safe: true,
      output: 'FROM alpine:3.20\nRUN curl -fsSL \\\nhttps://example.com/x -o /x\n',
    },
    {
      name: '-k ending a RUN with a comment line inside its continuation: the comment stays',
      code: 'FROM alpine:3.20\nRUN apk add curl && \\\n    # no certificate on the test server\n    curl -fsSL https://example.com/x -o /x \\\n    -k\nRUN echo next\n',
      errors: [{ messageId: 'curl', line: 5, column: 5 }],
      output: 'FROM alpine:3.20\nRUN apk add curl && \\\n    # no certificate on the test server\n    curl -fsSL https://example.com/x -o /x\nRUN echo next\n',
    },
    {
      name: '-k after a comment line inside the continuation of the same curl: still its option (the comment is not in the script)',
      code: 'FROM alpine:3.20\nRUN curl -fsSL https://example.com/x \\\n    # no certificate on the test server\n    -k -o /x\n',
      errors: [{ messageId: 'curl', line: 4, column: 5 }],
      safe: true,
      output: 'FROM alpine:3.20\nRUN curl -fsSL https://example.com/x \\\n    # no certificate on the test server\n    -o /x\n',
    },
    {
      name: 'looks risky but is fine: -k alone on a middle continued line of an exec-form array',
      code: 'FROM alpine:3.20\nRUN ["curl", \\\n     "-k", \\\n     "https://example.com/x"]\n',
      errors: [{ messageId: 'curl', line: 3, column: 6 }],
      output: 'FROM alpine:3.20\nRUN ["curl", \\\n     "https://example.com/x"]\n',
    },
    {
      name: '-k after the value of --data-urlencode is still an option',
      code: 'FROM alpine:3.20\nRUN curl -fsS --data-urlencode q=1 -k https://example.com/form -o /dev/null\n',
      errors: [{ messageId: 'curl', line: 2, column: 36 }],
      output: 'FROM alpine:3.20\nRUN curl -fsS --data-urlencode q=1 https://example.com/form -o /dev/null\n',
    },
    {
      name: 'curl -k alone',
      code: 'FROM alpine:3.20\nRUN curl -k https://example.com/install.sh -o /tmp/i.sh\n',
      errors: [{ messageId: 'curl', line: 2, column: 10, endColumn: 12, level: 'error' }],
      safe: true,
      output: 'FROM alpine:3.20\nRUN curl https://example.com/install.sh -o /tmp/i.sh\n',
    },
    {
      name: 'k inside a group of short flags',
      code: 'FROM alpine:3.20\nRUN curl -fsSLk https://example.com/x | tar -xz\n',
      errors: [{ messageId: 'curl', line: 2, column: 10, message: 'curl -k' }],
      output: 'FROM alpine:3.20\nRUN curl -fsSL https://example.com/x | tar -xz\n',
    },
    {
      name: '--insecure on its own continued line, inside $(…)',
      code: 'FROM alpine:3.20\nRUN VERSION="$(curl -s \\\n      --insecure \\\n      https://example.com/v)" && echo "$VERSION"\n',
      errors: [{ messageId: 'curl', line: 3, column: 7 }],
      output: 'FROM alpine:3.20\nRUN VERSION="$(curl -s \\\n      https://example.com/v)" && echo "$VERSION"\n',
    },
    {
      name: 'wget --no-check-certificate, last word on a continued line',
      code: 'FROM debian:12\nRUN wget -q https://example.com/x.deb \\\n    --no-check-certificate\nRUN echo next\n',
      errors: [{ messageId: 'wget', line: 3, column: 5 }],
      output: 'FROM debian:12\nRUN wget -q https://example.com/x.deb\nRUN echo next\n',
    },
    {
      name: 'wget -e check_certificate=off',
      code: 'FROM debian:12\nRUN wget -e check_certificate=off -O /tmp/x https://example.com/x\n',
      errors: [{ messageId: 'wget', line: 2, column: 10, message: 'check_certificate=off' }],
      output: 'FROM debian:12\nRUN wget -O /tmp/x https://example.com/x\n',
    },
    {
      name: 'exec form',
      code: 'FROM alpine:3.20\nRUN ["curl", "-k", "-o", "/tmp/x", "https://example.com/x"]\n',
      errors: [{ messageId: 'curl', line: 2, column: 14 }],
      output: 'FROM alpine:3.20\nRUN ["curl", "-o", "/tmp/x", "https://example.com/x"]\n',
    },
    {
      name: 'inside sh -c, in a later stage, ONBUILD',
      code: 'FROM alpine:3.20\nONBUILD RUN sh -c "curl --insecure -o /x https://example.com/x"\n',
      errors: [{ messageId: 'curl', line: 2, column: 25 }],
      output: 'FROM alpine:3.20\nONBUILD RUN sh -c "curl -o /x https://example.com/x"\n',
    },
    {
      name: 'sudo curl -k in a heredoc script',
      code: 'FROM alpine:3.20\nRUN <<EOF\nset -e\ncurl -sk https://example.com/x -o /x\nEOF\n',
      errors: [{ messageId: 'curl', line: 4, column: 6 }],
      output: 'FROM alpine:3.20\nRUN <<EOF\nset -e\ncurl -s https://example.com/x -o /x\nEOF\n',
    },
    {
      name: 'escape directive: backtick continuations',
      code: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN curl.exe `\n    -k `\n    -o C:\\x.zip https://example.com/x.zip\n',
      errors: [{ messageId: 'curl', line: 4, column: 5 }],
      output: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN curl.exe `\n    -o C:\\x.zip https://example.com/x.zip\n',
    },
    {
      name: 'CRLF line endings are kept',
      code: 'FROM alpine:3.20\r\nRUN curl -sk https://example.com/x \\\r\n    -o /x\r\n',
      errors: [{ messageId: 'curl', line: 2, column: 10 }],
      output: 'FROM alpine:3.20\r\nRUN curl -s https://example.com/x \\\r\n    -o /x\r\n',
    },
    {
      name: 'insecure written into .curlrc (no automatic fix)',
      code: 'FROM alpine:3.20\nRUN echo insecure >> ~/.curlrc\n',
      errors: [{ messageId: 'rcFile', line: 2, column: 10, endColumn: 18 }],
      output: null,
    },
    {
      name: 'check_certificate = off in a wgetrc heredoc piped through tee',
      code: 'FROM alpine:3.20\nRUN cat <<EOF | tee -a /etc/wgetrc\ncheck_certificate = off\nEOF\n',
      errors: [{ messageId: 'rcFile', line: 3, column: 1 }],
    },
  ],
});
