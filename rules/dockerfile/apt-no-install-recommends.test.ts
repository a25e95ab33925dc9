import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './apt-no-install-recommends.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
    { name: 'apt option', code: 'FROM debian:12\nRUN apt-get -o APT::Install-Recommends=false install -y curl\n' },
    {
      name: 'configured in apt.conf earlier',
      code: 'FROM debian:12\nRUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/99norecommends\nRUN apt-get update && apt-get install -y curl\n',
    },
    { name: 'build stage only', code: 'FROM debian:12 AS build\nRUN apt-get install -y build-essential\nFROM debian:12-slim\nCOPY --from=build /out /app\n' },
    { name: 'not an install', code: 'FROM debian:12\nRUN apt-get update && apt-get upgrade -y\n' },
  ],
  invalid: [
    {
      name: 'apt-get install -y',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
      errors: [{ messageId: 'recommends', line: 2, column: 23, endColumn: 38, level: 'info' }],
      safe: false,
      output: 'FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y curl\n',
    },
    {
      name: 'apt with global options, in a stage the final one builds on',
      code: 'FROM ubuntu:24.04 AS base\nRUN apt -qq -y install git\nFROM base\nCMD ["git"]\n',
      errors: [{ messageId: 'recommends', line: 2, column: 5 }],
      output: 'FROM ubuntu:24.04 AS base\nRUN apt -qq -y install --no-install-recommends git\nFROM base\nCMD ["git"]\n',
    },
    {
      name: 'exec form',
      code: 'FROM debian:12\nRUN ["apt-get", "install", "-y", "curl"]\n',
      errors: [{ messageId: 'recommends', line: 2, column: 6 }],
      output: 'FROM debian:12\nRUN ["apt-get", "install", "--no-install-recommends", "-y", "curl"]\n',
    },
    {
      name: 'config written after the install does not count',
      code: 'FROM debian:12\nRUN apt-get install -y curl\nRUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/99norecommends\n',
      errors: [{ messageId: 'recommends', line: 2, column: 5 }],
      output: 'FROM debian:12\nRUN apt-get install --no-install-recommends -y curl\nRUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/99norecommends\n',
    },
  ],
});
