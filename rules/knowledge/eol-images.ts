/**
 * End-of-life and deprecated base images: a fixed table, read only by comparing dates with EOL_AS_OF.
 * Rules never look at the clock, so a given file always gets the same findings; the table is
 * updated by hand (bump EOL_AS_OF and add the cycles that ended since).
 *
 * "End of life" means the upstream project no longer ships security fixes for that release through
 * the channel the image uses: for Debian the end of LTS, for Ubuntu the end of standard support
 * (ESM needs a subscription the public images do not have), for language runtimes the end of
 * security releases. Dates marked `scheduled` were announced policy when the table was written.
 *
 * Sources: https://endoflife.date (nodejs, python, debian, ubuntu, alpine, go, php, ruby, postgresql,
 * mysql, mongodb, dotnet, amazon-linux, centos, centos-stream, rhel, eclipse-temurin) and each
 * project's release policy page; the Docker Hub `openjdk` and `centos` pages for their deprecation.
 */

/** The day the table describes. Findings say "as of" this date. */
export const EOL_AS_OF = '2026-11-22';

/** One release line and the day its security support ended. */
export interface Cycle {
  /** `16` (major) or `3.9` (major.minor): matches tags whose version starts with these components. */
  cycle: string;
  /** YYYY-MM-DD. */
  eol: string;
  /** Announced in advance (release policy), not yet past when the table was written. */
  scheduled?: boolean;
}

export interface Product {
  /** Human name: `Node.js`, `Debian`. */
  name: string;
  /** Repositories as docker normalises them (`docker.io/library/node`). */
  repositories: string[];
  /** Reads the release from a tag (`16.20-alpine` → `16.20`); undefined when the tag names none (`lts`, `latest`). */
  version(tag: string): string | undefined;
  cycles: Cycle[];
  /** Every tag is end of life or deprecated (the whole image is); `cycles` then only refines the date. */
  whole?: { since?: string; why: string };
  /** What to move to. */
  suggest: string;
  source: string;
}

const leadingVersion = (tag: string) => /^v?(\d+(?:\.\d+)*)/.exec(tag)?.[1];

/** `map[key]` for the map's own keys only (a tag `constructor` is no codename). */
const ownValue = (map: Record<string, string>, key: string): string | undefined => (Object.hasOwn(map, key) ? map[key] : undefined);

function codenames(map: Record<string, string>): (tag: string) => string | undefined {
  return (tag) => {
    const v = leadingVersion(tag);
    if (v) return v;
    const first = tag.split(/[-_.]/)[0];
    return ownValue(map, first);
  };
}

const DEBIAN_CODENAMES: Record<string, string> = {
  wheezy: '7',
  jessie: '8',
  stretch: '9',
  buster: '10',
  bullseye: '11',
  bookworm: '12',
  trixie: '13',
};
const UBUNTU_CODENAMES: Record<string, string> = {
  precise: '12.04',
  trusty: '14.04',
  xenial: '16.04',
  bionic: '18.04',
  cosmic: '18.10',
  disco: '19.04',
  eoan: '19.10',
  focal: '20.04',
  groovy: '20.10',
  hirsute: '21.04',
  impish: '21.10',
  jammy: '22.04',
  kinetic: '22.10',
  lunar: '23.04',
  mantic: '23.10',
  noble: '24.04',
  oracular: '24.10',
  plucky: '25.04',
  questing: '25.10',
};

/** Node.js LTS lines by codename (`node:hydrogen-alpine`). */
const NODE_CODENAMES: Record<string, string> = {
  argon: '4',
  boron: '6',
  carbon: '8',
  dubnium: '10',
  erbium: '12',
  fermium: '14',
  gallium: '16',
  hydrogen: '18',
  iron: '20',
  jod: '22',
  krypton: '24',
};

const DEBIAN_CYCLES: Cycle[] = [
  { cycle: '7', eol: '2018-05-31' },
  { cycle: '8', eol: '2020-06-30' },
  { cycle: '9', eol: '2022-06-30' },
  { cycle: '10', eol: '2024-06-30' },
  { cycle: '11', eol: '2026-08-31', scheduled: true },
  { cycle: '12', eol: '2028-06-30', scheduled: true },
];
const UBUNTU_CYCLES: Cycle[] = [
  { cycle: '12.04', eol: '2017-04-28' },
  { cycle: '14.04', eol: '2019-04-25' },
  { cycle: '16.04', eol: '2021-04-30' },
  { cycle: '18.04', eol: '2023-05-31' },
  { cycle: '18.10', eol: '2019-07-18' },
  { cycle: '19.04', eol: '2020-01-23' },
  { cycle: '19.10', eol: '2020-07-17' },
  { cycle: '20.04', eol: '2025-05-31' },
  { cycle: '20.10', eol: '2021-07-22' },
  { cycle: '21.04', eol: '2022-01-20' },
  { cycle: '21.10', eol: '2022-07-14' },
  { cycle: '22.04', eol: '2027-06-01', scheduled: true },
  { cycle: '22.10', eol: '2023-07-20' },
  { cycle: '23.04', eol: '2024-01-25' },
  { cycle: '23.10', eol: '2024-07-11' },
  { cycle: '24.04', eol: '2029-05-31', scheduled: true },
  { cycle: '24.10', eol: '2025-07-10' },
  { cycle: '25.04', eol: '2026-01-15', scheduled: true },
  { cycle: '25.10', eol: '2026-07-09', scheduled: true },
];
const ALPINE_CYCLES: Cycle[] = [
  ['3.4', '2018-05-01'],
  ['3.5', '2018-11-01'],
  ['3.6', '2019-05-01'],
  ['3.7', '2019-11-01'],
  ['3.8', '2020-05-01'],
  ['3.9', '2020-11-01'],
  ['3.10', '2021-05-01'],
  ['3.11', '2021-11-01'],
  ['3.12', '2022-05-01'],
  ['3.13', '2022-11-01'],
  ['3.14', '2023-05-01'],
  ['3.15', '2023-11-01'],
  ['3.16', '2024-05-23'],
  ['3.17', '2024-11-22'],
  ['3.18', '2025-05-09'],
  ['3.19', '2025-11-01'],
]
  .map(([cycle, eol]) => ({ cycle, eol }) as Cycle)
  .concat([
    { cycle: '3.20', eol: '2026-04-01', scheduled: true },
    { cycle: '3.21', eol: '2026-11-01', scheduled: true },
    { cycle: '3.22', eol: '2027-05-01', scheduled: true },
  ]);

const hub = (...names: string[]) => names.map((n) => `docker.io/library/${n}`);

export const PRODUCTS: readonly Product[] = [
  {
    name: 'CentOS Linux',
    repositories: hub('centos'),
    version: leadingVersion,
    cycles: [
      { cycle: '6', eol: '2020-11-30' },
      { cycle: '7', eol: '2024-06-30' },
      { cycle: '8', eol: '2021-12-31' },
    ],
    whole: { since: '2024-06-30', why: 'CentOS Linux has ended; the Docker Hub image is no longer updated' },
    suggest: 'rockylinux, almalinux or a UBI image (registry.access.redhat.com/ubi9)',
    source: 'https://endoflife.date/centos',
  },
  {
    name: 'CentOS Stream',
    repositories: ['quay.io/centos/centos'],
    version: (tag) => /^stream(\d+)/.exec(tag)?.[1],
    cycles: [
      { cycle: '8', eol: '2024-05-31' },
      { cycle: '9', eol: '2027-05-31', scheduled: true },
    ],
    suggest: 'quay.io/centos/centos:stream10',
    source: 'https://endoflife.date/centos-stream',
  },
  {
    name: 'OpenJDK',
    repositories: hub('openjdk'),
    version: leadingVersion,
    cycles: [],
    whole: { why: 'the Docker Hub openjdk image is deprecated and no longer updated' },
    suggest: 'eclipse-temurin, amazoncorretto or another maintained JDK image',
    source: 'https://hub.docker.com/_/openjdk',
  },
  {
    name: 'Eclipse Temurin',
    repositories: hub('eclipse-temurin'),
    version: (tag) => /^(\d+)/.exec(tag)?.[1],
    // Only the feature releases between LTS lines: each ends when the next one ships.
    cycles: [
      { cycle: '16', eol: '2021-09-14' },
      { cycle: '18', eol: '2022-09-20' },
      { cycle: '19', eol: '2023-03-21' },
      { cycle: '20', eol: '2023-09-19' },
      { cycle: '22', eol: '2024-09-17' },
      { cycle: '23', eol: '2025-03-18' },
      { cycle: '24', eol: '2025-09-16' },
      { cycle: '26', eol: '2026-09-15', scheduled: true },
    ],
    suggest: 'an LTS release (eclipse-temurin:21 or :25)',
    source: 'https://endoflife.date/eclipse-temurin',
  },
  {
    name: 'Node.js',
    repositories: hub('node'),
    version: (tag) => /^(\d+)/.exec(tag)?.[1] ?? ownValue(NODE_CODENAMES, tag.split('-')[0].toLowerCase()),
    cycles: [
      ['4', '2018-04-30'],
      ['5', '2016-06-30'],
      ['6', '2019-04-30'],
      ['7', '2017-06-30'],
      ['8', '2019-12-31'],
      ['9', '2018-06-30'],
      ['10', '2021-04-30'],
      ['11', '2019-06-01'],
      ['12', '2022-04-30'],
      ['13', '2020-06-01'],
      ['14', '2023-04-30'],
      ['15', '2021-06-01'],
      ['16', '2023-09-11'],
      ['17', '2022-06-01'],
      ['18', '2025-04-30'],
      ['19', '2023-06-01'],
      ['21', '2024-06-01'],
      ['23', '2025-06-01'],
    ]
      .map(([cycle, eol]) => ({ cycle, eol }) as Cycle)
      .concat([
        { cycle: '20', eol: '2026-04-30', scheduled: true },
        { cycle: '22', eol: '2027-04-30', scheduled: true },
        { cycle: '24', eol: '2028-04-30', scheduled: true },
        { cycle: '25', eol: '2026-06-01', scheduled: true },
      ]),
    suggest: 'an active LTS line (node:22 or node:24)',
    source: 'https://endoflife.date/nodejs',
  },
  {
    name: 'Python',
    repositories: hub('python'),
    version: leadingVersion,
    cycles: [
      { cycle: '2', eol: '2020-01-01' },
      { cycle: '3.4', eol: '2019-03-18' },
      { cycle: '3.5', eol: '2020-09-30' },
      { cycle: '3.6', eol: '2021-12-23' },
      { cycle: '3.7', eol: '2023-06-27' },
      { cycle: '3.8', eol: '2024-10-07' },
      { cycle: '3.9', eol: '2025-10-31' },
      { cycle: '3.10', eol: '2026-10-31', scheduled: true },
      { cycle: '3.11', eol: '2027-10-31', scheduled: true },
    ],
    suggest: 'python:3.12 or later',
    source: 'https://endoflife.date/python',
  },
  {
    name: 'Debian',
    repositories: hub('debian'),
    version: codenames(DEBIAN_CODENAMES),
    cycles: DEBIAN_CYCLES,
    suggest: 'debian:bookworm (12) or debian:trixie (13)',
    source: 'https://endoflife.date/debian',
  },
  {
    name: 'Ubuntu',
    repositories: hub('ubuntu'),
    version: codenames(UBUNTU_CODENAMES),
    cycles: UBUNTU_CYCLES,
    suggest: 'a supported LTS (ubuntu:24.04)',
    source: 'https://endoflife.date/ubuntu',
  },
  {
    name: 'Alpine Linux',
    repositories: hub('alpine'),
    version: leadingVersion,
    cycles: ALPINE_CYCLES,
    suggest: 'a supported branch (alpine:3.22 or later)',
    source: 'https://endoflife.date/alpine',
  },
  {
    name: 'Go',
    repositories: hub('golang'),
    version: leadingVersion,
    cycles: [
      ['1.13', '2020-08-11'],
      ['1.14', '2021-02-16'],
      ['1.15', '2021-08-16'],
      ['1.16', '2022-03-15'],
      ['1.17', '2022-08-02'],
      ['1.18', '2023-02-01'],
      ['1.19', '2023-08-08'],
      ['1.20', '2024-02-06'],
      ['1.21', '2024-08-13'],
      ['1.22', '2025-02-11'],
      ['1.23', '2025-08-12'],
    ]
      .map(([cycle, eol]) => ({ cycle, eol }) as Cycle)
      .concat([
        // A Go release is supported until the second newer one ships (February and August).
        { cycle: '1.24', eol: '2026-02-10', scheduled: true },
        { cycle: '1.25', eol: '2026-08-11', scheduled: true },
      ]),
    suggest: 'one of the two newest Go releases',
    source: 'https://go.dev/doc/devel/release#policy',
  },
  {
    name: 'PHP',
    repositories: hub('php'),
    version: leadingVersion,
    cycles: [
      ['5.6', '2018-12-31'],
      ['7.0', '2019-01-10'],
      ['7.1', '2019-12-01'],
      ['7.2', '2020-11-30'],
      ['7.3', '2021-12-06'],
      ['7.4', '2022-11-28'],
      ['8.0', '2023-11-26'],
      ['8.1', '2025-12-31'],
    ]
      .map(([cycle, eol]) => ({ cycle, eol }) as Cycle)
      .concat([{ cycle: '8.2', eol: '2026-12-31', scheduled: true }]),
    suggest: 'php:8.3 or later',
    source: 'https://www.php.net/supported-versions.php',
  },
  {
    name: 'Ruby',
    repositories: hub('ruby'),
    version: leadingVersion,
    cycles: [
      ['2.5', '2021-04-05'],
      ['2.6', '2022-04-12'],
      ['2.7', '2023-03-31'],
      ['3.0', '2024-04-23'],
      ['3.1', '2025-03-26'],
    ]
      .map(([cycle, eol]) => ({ cycle, eol }) as Cycle)
      .concat([{ cycle: '3.2', eol: '2026-03-31', scheduled: true }]),
    suggest: 'ruby:3.3 or later',
    source: 'https://www.ruby-lang.org/en/downloads/branches/',
  },
  {
    name: 'PostgreSQL',
    repositories: hub('postgres'),
    version: leadingVersion,
    cycles: [
      ['9.6', '2021-11-11'],
      ['10', '2022-11-10'],
      ['11', '2023-11-09'],
      ['12', '2024-11-21'],
      ['13', '2025-11-13'],
    ]
      .map(([cycle, eol]) => ({ cycle, eol }) as Cycle)
      .concat([{ cycle: '14', eol: '2026-11-12', scheduled: true }]),
    suggest: 'postgres:16 or later',
    source: 'https://www.postgresql.org/support/versioning/',
  },
  {
    name: 'MySQL',
    repositories: hub('mysql'),
    version: leadingVersion,
    cycles: [
      { cycle: '5.6', eol: '2021-02-28' },
      { cycle: '5.7', eol: '2023-10-31' },
      { cycle: '8.0', eol: '2026-04-30', scheduled: true },
    ],
    suggest: 'mysql:8.4 (LTS)',
    source: 'https://endoflife.date/mysql',
  },
  {
    name: 'MongoDB',
    repositories: hub('mongo'),
    version: leadingVersion,
    cycles: [
      { cycle: '3.6', eol: '2021-04-30' },
      { cycle: '4.0', eol: '2022-04-30' },
      { cycle: '4.2', eol: '2023-04-30' },
      { cycle: '4.4', eol: '2024-02-29' },
      { cycle: '5.0', eol: '2024-10-31' },
      { cycle: '6.0', eol: '2025-07-31' },
    ],
    suggest: 'mongo:7.0 or later',
    source: 'https://www.mongodb.com/legal/support-policy/lifecycles',
  },
  {
    name: 'Amazon Linux',
    repositories: ['docker.io/library/amazonlinux', 'public.ecr.aws/amazonlinux/amazonlinux'],
    version: leadingVersion,
    cycles: [
      { cycle: '1', eol: '2023-12-31' },
      { cycle: '2018.03', eol: '2023-12-31' },
      { cycle: '2', eol: '2026-06-30', scheduled: true },
    ],
    suggest: 'amazonlinux:2023',
    source: 'https://endoflife.date/amazon-linux',
  },
  {
    name: 'Red Hat UBI 7',
    repositories: [
      'registry.access.redhat.com/ubi7',
      'registry.access.redhat.com/ubi7/ubi',
      'registry.access.redhat.com/ubi7-minimal',
      'registry.access.redhat.com/ubi7/ubi-minimal',
      'registry.redhat.io/ubi7',
      'registry.redhat.io/ubi7/ubi',
    ],
    version: () => '7',
    cycles: [{ cycle: '7', eol: '2024-06-30' }],
    suggest: 'registry.access.redhat.com/ubi9',
    source: 'https://access.redhat.com/support/policy/updates/errata',
  },
  {
    name: '.NET',
    repositories: ['runtime', 'aspnet', 'sdk', 'runtime-deps', 'core/runtime', 'core/aspnet', 'core/sdk', 'core/runtime-deps'].map((n) => `mcr.microsoft.com/dotnet/${n}`),
    version: leadingVersion,
    cycles: [
      ['2.1', '2021-08-21'],
      ['3.1', '2022-12-13'],
      ['5.0', '2022-05-10'],
      ['6.0', '2024-11-12'],
      ['7.0', '2024-05-14'],
    ]
      .map(([cycle, eol]) => ({ cycle, eol }) as Cycle)
      .concat([
        { cycle: '8.0', eol: '2026-11-10', scheduled: true },
        { cycle: '9.0', eol: '2026-11-10', scheduled: true },
      ]),
    suggest: '.NET 10 (LTS) images',
    source: 'https://dotnet.microsoft.com/platform/support/policy/dotnet-core',
  },
];

/** Repositories whose tags name the OS underneath with a suffix (`-bullseye`, `-alpine3.18`, `-focal`). */
function tagsNameTheirOs(repository: string): boolean {
  return repository.startsWith('docker.io/library/') || repository.startsWith('mcr.microsoft.com/dotnet/');
}

/** An end-of-life finding: what is end of life and since when. */
export interface EolVerdict {
  /** `Node.js 16`, `Debian 11 (bullseye)`, `the openjdk image`. */
  what: string;
  /** YYYY-MM-DD, when known. */
  since?: string;
  /** Extra words for the message (deprecation reason). */
  why?: string;
  suggest: string;
  source: string;
}

/** Components of `cycle` are a prefix of `version`'s: `3.9` matches `3.9.18`, not `3.10`. */
function matches(version: string, cycle: string): boolean {
  const v = version.split('.');
  const c = cycle.split('.');
  return c.length <= v.length && c.every((part, i) => Number(part) === Number(v[i]));
}

function findCycle(cycles: readonly Cycle[], version: string | undefined): Cycle | undefined {
  if (!version) return undefined;
  // The most specific cycle wins (`2018.03` over `2`).
  return cycles.filter((c) => matches(version, c.cycle)).sort((a, b) => b.cycle.split('.').length - a.cycle.split('.').length)[0];
}

const isPast = (date: string) => date <= EOL_AS_OF;

/**
 * What is end of life about an image, as of EOL_AS_OF: the image itself (`node:16`, `centos:7`), and
 * the OS release its tag names (`python:3.12-bullseye`, `node:22-alpine3.18`). `repository` is the
 * normalised name (`docker.io/library/node`); `tag` may be undefined (then only whole-image verdicts).
 */
export function eolVerdicts(repository: string, tag: string | undefined): EolVerdict[] {
  const out: EolVerdict[] = [];
  const product = PRODUCTS.find((p) => p.repositories.includes(repository));
  if (product) {
    const version = tag === undefined ? undefined : product.version(tag);
    const cycle = findCycle(product.cycles, version);
    if (product.whole) {
      const since = cycle && isPast(cycle.eol) ? cycle.eol : product.whole.since;
      out.push({ what: version ? `${product.name} ${version}` : product.name, since, why: product.whole.why, suggest: product.suggest, source: product.source });
    } else if (cycle && isPast(cycle.eol)) {
      out.push({ what: `${product.name} ${cycle.cycle}`, since: cycle.eol, suggest: product.suggest, source: product.source });
    }
  }
  if (tag && tagsNameTheirOs(repository)) {
    const os = osFromTag(repository, tag);
    if (os && !(product && out.length && product.name === os.product.name)) {
      const cycle = findCycle(os.product.cycles, os.version);
      if (cycle && isPast(cycle.eol)) {
        out.push({ what: `${os.product.name} ${os.label}`, since: cycle.eol, suggest: `a tag on a supported ${os.product.name} release`, source: os.product.source });
      }
    }
  }
  return out;
}

/** The OS release a tag's suffix names: `3.12-slim-bullseye` → Debian 11, `18-alpine3.17` → Alpine 3.17. */
function osFromTag(repository: string, tag: string): { product: Product; version: string; label: string } | undefined {
  const debian = PRODUCTS.find((p) => p.name === 'Debian')!;
  const ubuntu = PRODUCTS.find((p) => p.name === 'Ubuntu')!;
  const alpine = PRODUCTS.find((p) => p.name === 'Alpine Linux')!;
  // The distribution images' own tags are read by their product entry.
  if (debian.repositories.includes(repository) || ubuntu.repositories.includes(repository) || alpine.repositories.includes(repository)) return undefined;
  for (const part of tag.toLowerCase().split('-')) {
    if (Object.hasOwn(DEBIAN_CODENAMES, part)) return { product: debian, version: DEBIAN_CODENAMES[part], label: `${DEBIAN_CODENAMES[part]} (${part})` };
    if (Object.hasOwn(UBUNTU_CODENAMES, part)) return { product: ubuntu, version: UBUNTU_CODENAMES[part], label: `${UBUNTU_CODENAMES[part]} (${part})` };
    const a = /^alpine(\d+\.\d+)$/.exec(part);
    if (a) return { product: alpine, version: a[1], label: a[1] };
  }
  return undefined;
}
