import { defineRule } from '../languages/define-rule.js';
import { unpinnedInstalls } from '../shared/unpinned-packages.js';

const PIN_SYNTAX: Record<string, string> = {
  pip: '`name==version`, a requirements file (`-r`) or constraints (`-c`)',
  npm: '`name@version`, or list it in package.json and use `npm ci`',
  yarn: '`name@version`, or list it in package.json with a lockfile',
  pnpm: '`name@version`, or list it in package.json with a lockfile',
  gem: '`-v version` or `name:version`, or a Gemfile.lock with `bundle install`',
  go: '`path@vX.Y.Z`',
};

export default defineRule({
  meta: {
    code: 'DF020',
    name: 'pin-language-packages',
    language: 'dockerfile',
    scope: 'unit',
    title: 'Language packages installed without a version',
    why:
      'pip, npm, gem and go install the newest release when no version is given, so a compromised or broken release ' +
      'reaches the image on the next build without any change to the Dockerfile.',
    level: 'info',
    risk: 'medium',
    tags: ['security', 'supply-chain', 'reproducibility', 'CWE-1357'],
    others: {
      hadolint: ['DL3013', 'DL3016', 'DL3028', 'DL3062'],
      kics: ['Unpinned Package Version in Pip Install', 'NPM Install Command Without Pinned Version', 'Gem Install Without Version'],
    },
    messages: {
      unpinned: '`{{program}} {{subcommand}}` installs {{names}} without a fixed version. Pin with {{syntax}}.',
    },
  },
  check: ({ model }) => unpinnedInstalls(model, false, PIN_SYNTAX),
});
