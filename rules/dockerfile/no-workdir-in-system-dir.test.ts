import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-workdir-in-system-dir.js';

ruleTester(rule, {
  valid: [
    'FROM node:22\nWORKDIR /app\n',
    { name: 'names that only start like system dirs', code: 'FROM alpine:3.20\nWORKDIR /devel\nWORKDIR /processes\nWORKDIR /srv/boot\nWORKDIR /system\n' },
    { name: 'relative path under a normal directory', code: 'FROM alpine:3.20\nWORKDIR /srv\nWORKDIR dev\n' },
    { name: '.. climbs out of a system dir', code: 'FROM alpine:3.20\nWORKDIR /proc/../app\n' },
    { name: 'unknown variable', code: 'FROM alpine:3.20\nARG DIR\nWORKDIR $DIR\n' },
    { name: 'relative WORKDIR after an unknown one', code: 'FROM alpine:3.20\nARG DIR\nWORKDIR $DIR\nWORKDIR proc\n' },
    { name: 'Windows path', code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\\\dev\n' },
    { name: 'relative path on an image whose WORKDIR is unknown', code: 'FROM node:22\nWORKDIR dev\n' },
    { name: 'half-typed', code: 'FROM alpine:3.20\nWORKDIR\n' },
  ],
  invalid: [
    {
      name: 'relative path on scratch starts at /',
      code: 'FROM scratch\nWORKDIR proc\n',
      errors: [{ messageId: 'systemDir', line: 2, column: 9, message: '(= /proc)' }],
    },
    {
      name: 'directly in /proc',
      code: 'FROM alpine:3.20\nWORKDIR /proc/app\n',
      errors: [{ messageId: 'systemDir', line: 2, column: 9, endLine: 2, endColumn: 18, message: 'inside /proc' }],
    },
    {
      name: 'the system dir itself, trailing slash, quoted',
      code: 'FROM alpine:3.20\nWORKDIR "/dev/"\n',
      errors: [{ messageId: 'systemDir', line: 2, column: 9, message: 'inside /dev' }],
    },
    {
      name: 'relative path resolved against the previous WORKDIR',
      code: 'FROM alpine:3.20\nWORKDIR /\nWORKDIR boot/x\n',
      errors: [{ messageId: 'systemDir', line: 3, column: 9, message: 'WORKDIR boot/x (= /boot/x)' }],
    },
    {
      name: 'from an ARG default, in a build stage',
      code: 'FROM alpine:3.20 AS build\nARG DIR=/lost+found/build\nWORKDIR ${DIR}\nFROM alpine:3.20\n',
      errors: [{ messageId: 'systemDir', line: 3, column: 9, message: '/lost+found' }],
    },
    {
      name: 'relative WORKDIR inherited from the parent stage',
      code: 'FROM alpine:3.20 AS base\nWORKDIR /initrd\nFROM base\nWORKDIR data\n',
      errors: [
        { messageId: 'systemDir', line: 2, column: 9 },
        { messageId: 'systemDir', line: 4, column: 9, message: '(= /initrd/data)' },
      ],
    },
    {
      name: 'ONBUILD WORKDIR /sys',
      code: 'FROM alpine:3.20\nONBUILD WORKDIR /sys/app\n',
      errors: [{ messageId: 'systemDir', line: 2, column: 17, message: 'inside /sys' }],
    },
  ],
});
