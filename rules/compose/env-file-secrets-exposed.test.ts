import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './env-file-secrets-exposed.js';

const SECRETS = 'DB_USER=app\nDB_PASSWORD=s3cr3t-Passw0rd\n';
const COPY_ALL = 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "."]\n';
const COPY_DIST = 'FROM node:20-alpine AS build\nCOPY . .\nRUN npm run build\nFROM node:20-alpine\nCOPY --from=build /app/dist /app\nUSER node\n';

ruleTester(rule, {
  valid: [
    {
      name: 'env_file in .gitignore',
      code: 'services:\n  web:\n    image: app\n    env_file: secrets.env\n',
      files: { '.git/': '', '.gitignore': 'secrets.env\n', 'secrets.env': SECRETS },
    },
    {
      name: 'ignored by a pattern',
      code: 'services:\n  web:\n    image: app\n    env_file: [config/prod.env]\n',
      files: { '.git/': '', '.gitignore': '*.env\n', 'config/prod.env': SECRETS },
    },
    {
      name: "ignored by the folder's own .gitignore",
      code: 'services:\n  web:\n    image: app\n    env_file: [config/prod.env]\n',
      files: { '.git/': '', 'config/.gitignore': '/prod.env\n', 'config/prod.env': SECRETS },
    },
    {
      name: 'no secrets in the file',
      code: 'services:\n  web:\n    image: app\n    env_file: app.env\n',
      files: { '.git/': '', 'app.env': 'LOG_LEVEL=debug\nPORT=3000\nDB_PASSWORD_FILE=/run/secrets/db\n' },
    },
    {
      name: 'values that are references, not secrets',
      code: 'services:\n  web:\n    image: app\n    env_file: app.env\n',
      files: { '.git/': '', 'app.env': 'DB_PASSWORD=${DB_PASSWORD}\nAPI_TOKEN=\n' },
    },
    { name: 'not a git repository', code: 'services:\n  web:\n    image: app\n    env_file: secrets.env\n', files: { 'secrets.env': SECRETS } },
    { name: 'no files view', code: 'services:\n  web:\n    image: app\n    env_file: secrets.env\n' },
    {
      name: '.env ignored, no build',
      code: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD}\n',
      files: { '.git/': '', '.gitignore': '.env\n', '.env': SECRETS },
    },
    {
      name: 'in the context but excluded by .dockerignore',
      code: 'services:\n  web:\n    build: .\n',
      files: { '.git/': '', '.gitignore': '.env\n', '.env': SECRETS, Dockerfile: COPY_ALL, '.dockerignore': '.git\n**/.env\n' },
    },
    {
      name: 'excluded by <Dockerfile>.dockerignore',
      code: 'services:\n  web:\n    build: {context: ., dockerfile: app.Dockerfile}\n',
      files: { '.env': SECRETS, 'app.Dockerfile': COPY_ALL, 'app.Dockerfile.dockerignore': '.env\n', '.dockerignore': '' },
    },
    { name: 'only a build stage copies everything', code: 'services:\n  web:\n    build: .\n', files: { '.env': SECRETS, Dockerfile: COPY_DIST } },
    { name: 'the context does not hold the .env', code: 'services:\n  web:\n    build: ./app\n', files: { '.env': SECRETS, 'app/Dockerfile': COPY_ALL } },
    {
      name: 'the override file leaves the .env to the base file',
      code: 'services:\n  web:\n    environment: [PW=${DB_PASSWORD}]\n',
      filename: 'compose.override.yaml',
      files: { '.git/': '', '.env': SECRETS, 'compose.yaml': 'services:\n  web:\n    image: app\n' },
    },
  ],
  invalid: [
    {
      name: 'env_file with secrets not in .gitignore: the fix appends it',
      code: 'services:\n  web:\n    image: app\n    env_file:\n      - ./secrets.env\n',
      files: { '.git/': '', '.gitignore': 'node_modules', 'secrets.env': SECRETS },
      errors: [{ messageId: 'envFileNotIgnored', line: 5, column: 9, level: 'warning', message: 'env_file ./secrets.env holds secrets (DB_PASSWORD) and is not in .gitignore' }],
      fixTitle: 'Add /secrets.env to .gitignore',
      safe: true,
      output: 'services:\n  web:\n    image: app\n    env_file:\n      - ./secrets.env\n',
      outputFiles: { '.gitignore': 'node_modules\n/secrets.env\n' },
    },
    {
      name: 'the project .env: reported where a secret is used; the fix creates .gitignore',
      code: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD}\n',
      files: { '.git/': '', '.env': SECRETS },
      errors: [{ messageId: 'dotEnvNotIgnored', line: 5, column: 26 }],
      fixTitle: 'Add /.env to a new .gitignore',
      output: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD}\n',
      outputFiles: { '.gitignore': '/.env\n' },
    },
    {
      name: 'a .env nothing uses: reported at services',
      code: 'name: shop\nservices:\n  db:\n    image: postgres:16\n',
      files: { '.git/': '', '.env': 'STRIPE_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc\n' },
      errors: [{ messageId: 'dotEnvNotIgnored', line: 2, column: 1, message: 'holds secrets (STRIPE_KEY)' }],
      output: 'name: shop\nservices:\n  db:\n    image: postgres:16\n',
      outputFiles: { '.gitignore': '/.env\n' },
    },
    {
      name: 'a negated pattern brings it back on purpose: reported, and no fix undoes the negation',
      code: 'services:\n  web:\n    image: app\n    env_file: prod.env\n',
      files: { '.git/': '', '.gitignore': '*.env\n!prod.env\n', 'prod.env': SECRETS },
      errors: [{ messageId: 'envFileNotIgnored', line: 4, column: 15 }],
      output: null,
    },
    {
      name: 'a negation of another file leaves the fix offered',
      code: 'services:\n  web:\n    image: app\n    env_file: prod.env\n',
      files: { '.git/': '', '.gitignore': 'secrets/\n!example.env\n', 'prod.env': SECRETS },
      errors: [{ messageId: 'envFileNotIgnored', line: 4, column: 15 }],
      output: 'services:\n  web:\n    image: app\n    env_file: prod.env\n',
      outputFiles: { '.gitignore': 'secrets/\n!example.env\n/prod.env\n' },
    },
    {
      name: 'a .dockerignore that re-includes the env file on purpose: reported, no fix',
      code: 'services:\n  web:\n    build: .\n    env_file: config/app.env\n',
      files: { 'config/app.env': SECRETS, Dockerfile: COPY_ALL, '.dockerignore': 'config/\n!config/app.env\n' },
      errors: [{ messageId: 'envFileInContext', line: 4, column: 15 }],
      output: null,
    },
    {
      name: '.env in a context copied whole, no .dockerignore: the fix creates one',
      code: 'services:\n  web:\n    build: .\n',
      files: { '.git/': '', '.gitignore': '.env\n', '.env': SECRETS, Dockerfile: COPY_ALL },
      errors: [{ messageId: 'dotEnvInContext', line: 3, column: 5, message: 'lies in the build context of service web' }],
      fixTitle: 'Add .env to a new .dockerignore',
      output: 'services:\n  web:\n    build: .\n',
      outputFiles: { '.dockerignore': '.env\n' },
    },
    {
      name: 'env_file in a context whose .dockerignore misses it (CRLF kept)',
      code: 'services:\n  web:\n    build: .\n    env_file: config/app.env\n',
      files: { 'config/app.env': SECRETS, Dockerfile: COPY_ALL, '.dockerignore': 'node_modules\r\n.git' },
      errors: [{ messageId: 'envFileInContext', line: 4, column: 15 }],
      output: 'services:\n  web:\n    build: .\n    env_file: config/app.env\n',
      outputFiles: { '.dockerignore': 'node_modules\r\n.git\r\nconfig/app.env\r\n' },
    },
    {
      name: 'both: not ignored by git and copied into the image',
      code: 'services:\n  web:\n    build: .\n    env_file: [app.env]\n',
      files: { '.git/': '', 'app.env': SECRETS, Dockerfile: COPY_ALL },
      errors: [
        { messageId: 'envFileNotIgnored', line: 4, column: 16 },
        { messageId: 'envFileInContext', line: 4, column: 16 },
      ],
      fixes: [
        {
          title: 'Add /app.env to a new .gitignore',
          safe: true,
          output: 'services:\n  web:\n    build: .\n    env_file: [app.env]\n',
          outputFiles: { '.gitignore': '/app.env\n' },
        },
        {
          title: 'Add app.env to a new .dockerignore',
          safe: true,
          output: 'services:\n  web:\n    build: .\n    env_file: [app.env]\n',
          outputFiles: { '.dockerignore': 'app.env\n' },
        },
      ],
    },
  ],
});
