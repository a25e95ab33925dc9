/**
 * Generates a realistic workspace for scan tests and timing: service folders with a Dockerfile or a
 * Compose file (a few lines to a few dozen, with typical findings), plus files Bosun must not look
 * at (sources, READMEs, a node_modules tree with Dockerfiles). Deterministic for a given count.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const BASES = ['node:20-alpine', 'python:3.12-slim', 'golang:1.22', 'debian:12', 'nginx:1.27', 'alpine:3.20'];

function dockerfile(i: number): string {
  const base = BASES[i % BASES.length];
  const lines = [`FROM ${base} AS build`, 'WORKDIR /src', 'COPY . .'];
  if (i % 3 === 0) lines.push('RUN sudo apt-get update && sudo apt-get install -y curl');
  if (i % 4 === 0) lines.push('RUN curl -k https://example.com/install.sh -o /tmp/i.sh && sh /tmp/i.sh');
  if (i % 5 === 0) lines.push('ENV API_TOKEN=abc123 NODE_TLS_REJECT_UNAUTHORIZED=0');
  if (i % 7 === 0) lines.push('ADD config.tar.gz /etc/app/');
  for (let k = 0; k < i % 6; k++) lines.push(`RUN echo step-${k} > /tmp/step-${k}`);
  lines.push(`FROM ${base}`, 'COPY --from=build /src /app');
  if (i % 2 === 0) lines.push('USER 10001');
  lines.push(i % 3 === 1 ? 'CMD /app/start --port 8080' : 'CMD ["/app/start", "--port", "8080"]');
  return `${lines.join('\n')}\n`;
}

function compose(i: number): string {
  const lines = ['services:'];
  for (let s = 0; s < 1 + (i % 4); s++) {
    lines.push(`  svc${s}:`, `    image: ${BASES[(i + s) % BASES.length]}`);
    if ((i + s) % 3 === 0) lines.push('    privileged: true');
    if ((i + s) % 4 === 0) lines.push('    volumes:', '      - /var/run/docker.sock:/var/run/docker.sock');
    if ((i + s) % 5 === 0) lines.push('    security_opt:', '      - no-new-privileges:true');
    if ((i + s) % 2 === 0) lines.push('    environment:', '      DB_PASSWORD: hunter2-secret', '      MODE: production');
    lines.push('    ports:', `      - "${8000 + s}:80"`);
  }
  return `${lines.join('\n')}\n`;
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Writes `count` Dockerfiles and Compose files (two thirds Dockerfiles) under `dir`; returns their absolute paths. */
export function generateWorkspace(dir: string, count: number): string[] {
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const group = `group-${Math.floor(i / 50)}`;
    const svc = join(dir, group, `svc-${i}`);
    const path = i % 3 === 2 ? join(svc, i % 2 ? 'compose.yaml' : 'docker-compose.yml') : join(svc, i % 5 === 1 ? 'Containerfile' : 'Dockerfile');
    write(path, path.endsWith('.yml') || path.endsWith('.yaml') ? compose(i) : dockerfile(i));
    files.push(path);
    if (i % 10 === 0) {
      write(join(svc, 'README.md'), `# svc-${i}\n`);
      write(join(svc, 'src', 'index.ts'), 'export const x = 1;\n');
      write(join(svc, '.env'), 'DB_PASSWORD=s3cr3t-Passw0rd\n');
    }
  }
  // Never scanned: dependencies and VCS folders.
  for (let i = 0; i < 20; i++) write(join(dir, 'node_modules', `pkg-${i}`, 'Dockerfile'), 'FROM alpine\n');
  write(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  return files;
}
