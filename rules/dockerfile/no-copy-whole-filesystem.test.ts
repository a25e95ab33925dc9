import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-copy-whole-filesystem.js';

ruleTester(rule, {
  valid: [
    'FROM golang:1.23 AS build\nRUN go build -o /out/app .\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /out/app /app\n',
    { name: 'copying the build context root is not another stage', code: 'FROM alpine:3.20\nCOPY / /\n' },
    { name: 'a whole file system into a sub-directory', code: 'FROM alpine:3.20 AS root\nFROM scratch\nCOPY --from=root / /rootfs/\n' },
    { name: 'a directory to /', code: 'FROM alpine:3.20 AS build\nFROM scratch\nCOPY --from=build /etc/ssl/certs /\n' },
    { name: 'in a stage that does not reach the image', code: 'FROM alpine:3.20 AS a\nFROM scratch AS squash\nCOPY --from=a / /\nFROM alpine:3.20\n' },
    { name: '.. is not the root', code: 'FROM alpine:3.20 AS a\nFROM scratch\nCOPY --from=a /.. /\n' },
    { name: 'half-typed', code: 'FROM alpine:3.20 AS a\nFROM scratch\nCOPY --from=a\n' },
  ],
  invalid: [
    {
      name: 'the whole build stage over /',
      code: 'FROM debian:12 AS build\nRUN make\nFROM scratch\nCOPY --from=build / /\n',
      errors: [{ messageId: 'wholeFs', line: 4, column: 19, endLine: 4, endColumn: 20, message: 'COPY --from=build / /' }],
    },
    {
      name: 'JSON form, from an image, with other flags',
      code: 'FROM scratch\nCOPY --link --from=busybox:1.36 ["/", "/"]\n',
      errors: [{ messageId: 'wholeFs', line: 2, column: 33, message: 'of busybox:1.36' }],
    },
    {
      name: 'in a parent stage of the final stage; /. counts as the root',
      code: 'FROM alpine:3.20 AS tools\nFROM scratch AS base\nCOPY --from=tools /. /\nFROM base\n',
      errors: [{ messageId: 'wholeFs', line: 3, column: 19 }],
    },
  ],
});
