/**
 * Bench row: typing in a Compose file with 200 images while their facts are fetched in the
 * background, against the same file with image facts off. The registry is a small loopback fake
 * (a manifest and a config per tag) that answers every request after a delay, so fetching goes on
 * for the whole typing run (200 images × 2 requests, 4 at a time).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Input, ServerSpec } from './lsp';

export const FACTS_IMAGES = 200;

export interface FakeRegistry {
  host: string;
  /** Config blobs served: facts fetched. */
  configs: number;
  close(): Promise<void>;
}

/** A registry that serves one OCI image under every tag, each answer after `delayMs`. */
export async function fakeRegistry(delayMs: number): Promise<FakeRegistry> {
  const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: '2026-10-01T00:00:00Z',
      config: { User: 'app', Healthcheck: { Test: ['CMD', 'true'] } },
      rootfs: { type: 'layers', diff_ids: [] },
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
      layers: [],
    }),
  );
  const state = { configs: 0 };
  const server = http.createServer((req, res) => {
    setTimeout(() => {
      const url = req.url ?? '';
      if (url.includes('/manifests/')) {
        res
          .writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'docker-content-digest': sha(manifest) })
          .end(req.method === 'HEAD' ? undefined : manifest);
      } else if (url.includes('/blobs/')) {
        state.configs++;
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(config);
      } else {
        res.writeHead(url === '/v2/' ? 200 : 404).end();
      }
    }, delayMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    get configs() {
      return state.configs;
    },
    close: () => (server.closeAllConnections(), new Promise<void>((r) => server.close(() => r()))),
  };
}

/** A Compose file with `FACTS_IMAGES` services, each on its own tag of the fake registry. */
export function factsInput(dir: string, host: string): Input {
  const lines = ['services:'];
  for (let i = 0; i < FACTS_IMAGES; i++) {
    lines.push(`  svc${i}:`, `    image: ${host}/bench/app:t${i}`, '    restart: unless-stopped', '    environment:', `      - MODE=prod${i}`);
  }
  const text = `${lines.join('\n')}\n`;
  const cwd = join(dir, 'compose-facts');
  mkdirSync(cwd, { recursive: true });
  const file = join(cwd, 'compose.yaml');
  writeFileSync(file, text);
  return { name: `compose-${FACTS_IMAGES}-images`, language: 'compose', lines: lines.length, uri: pathToFileURL(file).href, text, cwd, rootUri: pathToFileURL(cwd).href };
}

/** The Bosun spec with image facts on (fetching) or off. */
export function withFacts(spec: ServerSpec, on: boolean): ServerSpec {
  return {
    ...spec,
    name: on ? 'bosun+facts' : 'bosun',
    settings: (section) => (section === 'bosun.registry' ? { imageFacts: on } : spec.settings(section)),
    checks: on ? `${spec.checks}; image facts of ${FACTS_IMAGES} images fetched in the background (4 at a time)` : `${spec.checks}; image facts off`,
  };
}
