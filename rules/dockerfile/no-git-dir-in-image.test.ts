import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-git-dir-in-image.js';

ruleTester(rule, {
  valid: [
    'FROM node:20\nCOPY src/ /app/src/\n',
    { name: 'COPY . . without git in the build is DF080’s', code: 'FROM node:20\nCOPY . .\n', files: { '.git/HEAD': 'ref: refs/heads/main\n', 'index.js': '' } },
    {
      name: '.git excluded',
      code: 'FROM node:20\nCOPY . .\nRUN git rev-parse HEAD > /app/VERSION\n',
      files: { '.git/HEAD': 'ref: refs/heads/main\n', '.dockerignore': '.git\n' },
    },
    { name: 'no .git in the context', code: 'FROM node:20\nCOPY . .\nRUN git --version\n', files: { 'index.js': '' } },
    { name: 'a worktree .git file is not the history', code: 'FROM node:20\nCOPY . .\nRUN git --version\n', files: { '.git': 'gitdir: /repo/.git/worktrees/x\n' } },
    {
      name: '.git used in a build stage only',
      code: 'FROM alpine/git:2.45.2 AS version\nWORKDIR /src\nCOPY . .\nRUN git describe --tags > /VERSION\nFROM node:20\nCOPY --from=version /VERSION /app/VERSION\n',
      files: { '.git/HEAD': 'ref: refs/heads/main\n' },
    },
    { name: 'explicit .git excluded by .dockerignore (DF043)', code: 'FROM node:20\nCOPY .git /app/.git\n', files: { '.dockerignore': '.git\n' } },
    { name: 'similar names', code: 'FROM node:20\nCOPY .github /app/.github\nCOPY .gitignore .gitattributes /app/\n' },
  ],
  invalid: [
    {
      name: 'explicit .git source',
      code: 'FROM node:20\nCOPY .git /app/.git\n',
      errors: [{ messageId: 'explicit', line: 2, column: 6, endColumn: 10, level: 'info' }],
    },
    {
      name: 'COPY . . in a build that runs git',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN git rev-parse --short HEAD > VERSION\n',
      files: { '.git/HEAD': 'ref: refs/heads/main\n', 'package.json': '{}' },
      errors: [{ messageId: 'broadWithGit', line: 3, column: 6 }],
    },
    {
      name: 'in a stage the final image is built from; ./.git/ spelling',
      code: 'FROM node:20 AS base\nCOPY ./.git/ /src/.git/\nFROM base\nCMD ["node"]\n',
      errors: [{ messageId: 'explicit', line: 2, column: 6 }],
    },
  ],
});
