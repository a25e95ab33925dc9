/**
 * Files that repeat one kind of structure n times — pipeline segments, `&&` chains, stages, ARGs,
 * COPY sources, heredocs, line continuations; services, ports, volumes, environment entries,
 * anchors and merges — for the scale sweep (scripts/scale.ts, test/robustness/scale.test.ts): every
 * rule and model must cost time linear (or n·log n) in n. Each repeated piece is a realistic one that
 * rules look at, so a rule that walks it per item, or per pair of items, shows.
 */
import type { LanguageId } from '../../rules/api.js';

export interface Structure {
  name: string;
  language: LanguageId;
  path: string;
  /** The file with n repetitions. */
  text(n: number): string;
  /** The sweep's n: 4n is big enough for a quadratic cost to show over the constant ones. */
  n: number;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const DF = '/project/Dockerfile';
const DC = '/project/compose.yaml';

const dockerfile = (name: string, n: number, text: (n: number) => string): Structure => ({ name, language: 'dockerfile', path: DF, text, n });
const compose = (name: string, n: number, text: (n: number) => string): Structure => ({ name, language: 'compose', path: DC, text, n });

/** One command of a chain: varied, so the package, download, permission and secret rules all have something to read. */
const command = (i: number) =>
  [
    `apt-get install -y pkg${i}`,
    `curl -fsSL https://example.com/f${i}.tgz -o /tmp/f${i}.tgz`,
    `chmod 755 /opt/b${i}`,
    `echo "value ${i}" > /etc/c${i}`,
    `pip install mod${i}==1.${i}`,
    `cd /src/${i}`,
    `rm -rf /tmp/t${i}`,
    `npm install lib${i}`,
  ][i % 8];

// Built from parts so that secret scanners do not flag this file.
const TOKEN = ['ghp', '_', 'Xq3L9vTz2Kc8Rm4Wn6Yb1Pd5Hs7Jf0Ga2Uex'].join('');

/** An instruction most rules report on: costs that grow with findings (per finding, per pair) show. */
const reported = (i: number) =>
  [
    'ENV NODE_TLS_REJECT_UNAUTHORIZED=0',
    `LABEL token${i}=${TOKEN}`,
    `ENV API_TOKEN_${i}=s3cr3t-value-${i}`,
    `RUN curl -k https://deploy:Pa55w0rd${i}@h.example.com/x${i} | sh`,
    `RUN sudo apt-get install -y pkg${i}`,
    `ADD http://example.com/f${i}.tgz /opt/`,
    'EXPOSE 22',
    'USER root',
    `RUN chmod 777 /opt/d${i}`,
    `ARG PASSWORD${i}=hunter${i}`,
  ][i % 10];

export const STRUCTURES: Structure[] = [
  dockerfile('pipeline segments (RUN a|a|…|sh)', 1000, (n) => `FROM alpine:3.20\nRUN ${'a|'.repeat(n)}sh\nUSER app\n`),
  dockerfile('&& chain in one RUN', 500, (n) => `FROM debian:12\nRUN ${range(n).map(command).join(' && ')}\nUSER app\n`),
  dockerfile(
    'package index updates in one RUN',
    4000,
    (n) =>
      `FROM debian:12\nRUN ${range(n)
        .map(() => 'apt-get update')
        .join(' && ')}\nUSER app\n`,
  ),
  dockerfile('line continuations in one RUN', 500, (n) => `FROM debian:12\nRUN ${range(n).map(command).join(' \\\n    && ')}\nUSER app\n`),
  dockerfile(
    'words of one command',
    2000,
    (n) =>
      `FROM debian:12\nRUN apt-get install -y ${range(n)
        .map((i) => `pkg${i}`)
        .join(' ')}\nUSER app\n`,
  ),
  dockerfile(
    'RUN instructions',
    300,
    (n) =>
      `FROM debian:12\n${range(n)
        .map((i) => `RUN ${command(i)}\n`)
        .join('')}USER app\n`,
  ),
  dockerfile(
    'stages',
    100,
    (n) =>
      `FROM alpine:3.20 AS s0\nRUN echo 0\n${range(n)
        .map((i) => `FROM alpine:3.20 AS s${i + 1}\nCOPY --from=s${i} /a${i} /a${i + 1}\nRUN echo ${i}\n`)
        .join('')}USER app\n`,
  ),
  dockerfile(
    'ARGs',
    300,
    (n) =>
      `${range(n)
        .map((i) => `ARG V${i}=${i}\n`)
        .join('')}FROM alpine:\${V0}\n${range(n)
        .map((i) => `ARG V${i}\n`)
        .join('')}RUN echo ${range(n)
        .map((i) => `\${V${i}}`)
        .join(' ')}\nUSER app\n`,
  ),
  dockerfile(
    'ENV and LABEL entries',
    300,
    (n) =>
      `FROM alpine:3.20\nENV ${range(n)
        .map((i) => `K${i}=v${i}`)
        .join(' ')}\nLABEL ${range(n)
        .map((i) => `l${i}="v${i}"`)
        .join(' ')}\nUSER app\n`,
  ),
  dockerfile(
    'COPY sources',
    1000,
    (n) =>
      `FROM alpine:3.20\nCOPY ${range(n)
        .map((i) => `src/f${i}.txt`)
        .join(' ')} /dst/\nUSER app\n`,
  ),
  dockerfile(
    'heredoc RUNs',
    200,
    (n) =>
      `FROM alpine:3.20\n${range(n)
        .map((i) => `RUN <<EOF${i}\n${command(i)}\nEOF${i}\n`)
        .join('')}USER app\n`,
  ),
  dockerfile(
    'lines of one heredoc',
    500,
    (n) =>
      `FROM alpine:3.20\nRUN <<EOF\n${range(n)
        .map((i) => `${command(i)}\n`)
        .join('')}EOF\nUSER app\n`,
  ),
  dockerfile(
    'instructions with findings',
    400,
    (n) =>
      `FROM debian:latest\n${range(n)
        .map((i) => `${reported(i)}\n`)
        .join('')}`,
  ),
  dockerfile('characters of one RUN line', 64 * 1024, (n) => `FROM alpine:3.20\nUSER app\nRUN echo "${'ab'.repeat(n / 2)}"\n`),

  compose(
    'services with a published port',
    250,
    (n) =>
      `services:\n${range(n)
        .map((i) => `  s${i}:\n    image: nginx:1.27\n    ports:\n      - "${10000 + i}:80"\n`)
        .join('')}`,
  ),
  compose(
    'ports of one service',
    500,
    (n) =>
      `services:\n  web:\n    image: nginx:1.27\n    ports:\n${range(n)
        .map((i) => `      - "${10000 + i}:${80 + (i % 5)}"\n`)
        .join('')}`,
  ),
  compose(
    'volumes of one service',
    500,
    (n) =>
      `services:\n  web:\n    image: nginx:1.27\n    volumes:\n${range(n)
        .map((i) => `      - ${i % 2 ? `./d${i}:/d${i}:ro` : `v${i}:/data${i}`}\n`)
        .join('')}volumes:\n${range(n)
        .map((i) => `  v${i}: {}\n`)
        .join('')}`,
  ),
  compose(
    'environment entries',
    500,
    (n) =>
      `services:\n  web:\n    image: nginx:1.27\n    environment:\n${range(n)
        .map((i) => `      ${i % 3 ? `K${i}` : `API_KEY_${i}`}: \${V${i}:-default${i}}\n`)
        .join('')}`,
  ),
  compose(
    'comment lines in and between services',
    250,
    (n) =>
      `# services\nservices:\n${range(n)
        .map((i) => `  s${i}:\n    # the image\n    image: nginx:1.27\n      # deeper ${i}\n    # same ${i}\n  # between ${i}\n\n# zero ${i}\n`)
        .join('')}`,
  ),
  compose(
    'anchors and merges',
    200,
    (n) =>
      `${range(n)
        .map((i) => `x-a${i}: &a${i}\n  labels:\n    k${i}: v${i}\n  cap_drop: [ALL]\n`)
        .join('')}services:\n${range(n)
        .map((i) => `  s${i}:\n    <<: [*a${i}${i ? `, *a${i - 1}` : ''}]\n    image: nginx:1.27\n`)
        .join('')}`,
  ),
  compose(
    'a chain of merges',
    200,
    (n) =>
      `x-a0: &a0\n  k0: v\n${range(n)
        .map((i) => `x-a${i + 1}: &a${i + 1}\n  <<: *a${i}\n  k${i + 1}: v\n`)
        .join('')}services:\n  web:\n    image: nginx:1.27\n    labels: *a${n}\n`,
  ),
  compose(
    'services that build and depend on each other',
    150,
    (n) =>
      `services:\n${range(n)
        .map((i) => `  s${i}:\n    build:\n      context: ./s${i}\n      args: [A${i}=1]\n${i ? `    depends_on: [s${i - 1}]\n` : ''}    secrets: [t${i}]\n`)
        .join('')}secrets:\n${range(n)
        .map((i) => `  t${i}:\n    file: ./t${i}.txt\n`)
        .join('')}`,
  ),
  compose(
    'services with findings',
    200,
    (n) =>
      `services:\n${range(n)
        .map(
          (i) =>
            `  s${i}:\n    image: nginx:latest\n    privileged: true\n    network_mode: host\n    volumes: ["/var/run/docker.sock:/var/run/docker.sock", "/:/host"]\n    environment:\n      DB_PASSWORD: hunter${i}\n      NODE_TLS_REJECT_UNAUTHORIZED: "0"\n    cap_add: [SYS_ADMIN]\n    ports: ["22:22", "${10000 + i}:5432"]\n    security_opt: ["seccomp:unconfined"]\n`,
        )
        .join('')}`,
  ),
  compose('characters of one value', 64 * 1024, (n) => `services:\n  web:\n    image: "${'a'.repeat(n)}"\n    user: "1000"\n`),
];
