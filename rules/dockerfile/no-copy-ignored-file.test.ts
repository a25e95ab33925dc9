import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-copy-ignored-file.js';

ruleTester(rule, {
  valid: [
    { name: 'no files view: nothing to compare with', code: 'FROM node:20\nCOPY .env ./\n' },
    { name: 'no .dockerignore', code: 'FROM node:20\nCOPY .env ./\n', files: { '.env': 'A=1\n' } },
    { name: 'source not excluded', code: 'FROM node:20\nCOPY src/ ./src/\n', files: { '.dockerignore': 'node_modules\n*.log\n', 'src/index.js': '' } },
    { name: 'broad copy: excluding is the point', code: 'FROM node:20\nCOPY . .\n', files: { '.dockerignore': '.env\n' } },
    { name: 'wildcard source', code: 'FROM node:20\nCOPY *.json ./\n', files: { '.dockerignore': 'secrets.json\n' } },
    { name: 'directory with an exception inside it', code: 'FROM node:20\nCOPY docs /docs\n', files: { '.dockerignore': 'docs\n!docs/api/**\n' } },
    { name: 'exception re-includes the file', code: 'FROM node:20\nCOPY .env.example ./\n', files: { '.dockerignore': '.env*\n!.env.example\n' } },
    { name: 'COPY --from another stage', code: 'FROM node:20 AS b\nRUN true\nFROM node:20\nCOPY --from=b /app/dist ./dist\n', files: { '.dockerignore': 'dist\n' } },
    { name: 'a bare name matches only at the context root', code: 'FROM node:20\nCOPY app/node_modules/x /x\n', files: { '.dockerignore': 'node_modules\n' } },
  ],
  invalid: [
    {
      name: 'secret file copied although .dockerignore excludes it',
      code: 'FROM node:20\nCOPY .env ./\n',
      files: { '.dockerignore': '# secrets\n.env\n' },
      errors: [{ messageId: 'ignored', line: 2, column: 6, endColumn: 10, level: 'info', message: 'COPY source .env is excluded by .dockerignore (line 2: `.env`)' }],
    },
    {
      name: 'parent folder excluded; ./ and leading / are context-relative',
      code: 'FROM node:20\nCOPY ./tmp/helloworld.txt /helloworld.txt\nADD /build/out.js /app/\n',
      files: { '.dockerignore': 'tmp\n**/build\n' },
      errors: [
        { messageId: 'ignored', line: 2, column: 6 },
        { messageId: 'ignored', line: 3, column: 5, message: '`**/build`' },
      ],
    },
    {
      name: 'Dockerfile-specific ignore file wins',
      filename: 'Dockerfile.prod',
      code: 'FROM node:20\nCOPY config/local.json /app/config/\n',
      files: { 'Dockerfile.prod.dockerignore': 'config/local.json\n', '.dockerignore': '' },
      errors: [{ messageId: 'ignored', line: 2, column: 6, message: 'Dockerfile.prod.dockerignore' }],
    },
    {
      name: 'JSON form and ONBUILD',
      code: 'FROM node:20\nCOPY ["secrets/db.txt", "/run/db.txt"]\nONBUILD COPY secrets/api.txt /run/\n',
      files: { '.dockerignore': 'secrets/\n' },
      errors: [
        { messageId: 'ignored', line: 2, column: 7 },
        { messageId: 'ignored', line: 3, column: 14 },
      ],
    },
  ],
});
