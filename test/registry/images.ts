/**
 * Images with real configs for the image-facts tests, pushed over the registry's HTTP API: one
 * config per platform (OCI image config or Docker v2 container config: the same JSON), a layer, a
 * manifest per platform, and — for more than one platform — an OCI index or a Docker manifest list.
 */
import { gzipSync } from 'node:zlib';
import { pushBlob, putManifest, sha, tarOneFile } from './fixture.js';

export interface ImageConfig {
  User?: string;
  Env?: string[];
  ExposedPorts?: Record<string, object>;
  Entrypoint?: string[];
  Cmd?: string[];
  Healthcheck?: { Test: string[]; Interval?: number };
  Labels?: Record<string, string>;
}

export interface PlatformImage {
  platform: string;
  config: ImageConfig;
  created?: string;
}

export interface PushedImage {
  /** Digest the tag names (the index when there are several platforms). */
  digest: string;
  /** Manifest digest by platform. */
  manifests: Record<string, string>;
}

const TYPES = {
  oci: {
    index: 'application/vnd.oci.image.index.v1+json',
    manifest: 'application/vnd.oci.image.manifest.v1+json',
    config: 'application/vnd.oci.image.config.v1+json',
    layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  },
  docker: {
    index: 'application/vnd.docker.distribution.manifest.list.v2+json',
    manifest: 'application/vnd.docker.distribution.manifest.v2+json',
    config: 'application/vnd.docker.container.image.v1+json',
    layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  },
};

export async function pushConfigImage(reg: string, repo: string, tag: string, format: 'oci' | 'docker', images: PlatformImage[]): Promise<PushedImage> {
  const t = TYPES[format];
  const tar = tarOneFile('hello.txt', Buffer.from(`${repo}:${tag}\n`));
  const layer = gzipSync(tar);
  const layerDigest = await pushBlob(reg, repo, layer);
  const manifests: Record<string, string> = {};
  const entries: { mediaType: string; digest: string; size: number; platform: Record<string, string> }[] = [];
  for (const img of images) {
    const [os, architecture, variant] = img.platform.split('/');
    const config = Buffer.from(
      JSON.stringify({
        architecture,
        os,
        ...(variant ? { variant } : {}),
        created: img.created ?? '2026-10-01T12:00:00Z',
        config: img.config,
        rootfs: { type: 'layers', diff_ids: [sha(tar)] },
      }),
    );
    const configDigest = await pushBlob(reg, repo, config);
    const manifest = {
      schemaVersion: 2,
      mediaType: t.manifest,
      config: { mediaType: t.config, digest: configDigest, size: config.length },
      layers: [{ mediaType: t.layer, digest: layerDigest, size: layer.length }],
    };
    const ref = images.length === 1 ? tag : `${tag}-${img.platform.replace(/\//g, '-')}`;
    const m = await putManifest(reg, repo, ref, manifest);
    manifests[img.platform] = m.digest;
    entries.push({ mediaType: t.manifest, digest: m.digest, size: m.size, platform: { os, architecture, ...(variant ? { variant } : {}) } });
  }
  if (images.length === 1) return { digest: manifests[images[0].platform], manifests };
  const index = await putManifest(reg, repo, tag, { schemaVersion: 2, mediaType: t.index, manifests: entries } as { mediaType: string });
  return { digest: index.digest, manifests };
}

/** Tags an existing manifest (or index) again: many distinct references to one image, cheaply. */
export async function retag(reg: string, repo: string, from: string, tags: string[]): Promise<void> {
  const accept = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
  ].join(', ');
  const got = await fetch(`http://${reg}/v2/${repo}/manifests/${from}`, { headers: { accept } });
  if (got.status !== 200) throw new Error(`GET ${repo}:${from}: ${got.status}`);
  const type = got.headers.get('content-type') ?? '';
  const body = Buffer.from(await got.arrayBuffer());
  for (let i = 0; i < tags.length; i += 16) {
    await Promise.all(
      tags.slice(i, i + 16).map(async (tag) => {
        const r = await fetch(`http://${reg}/v2/${repo}/manifests/${tag}`, { method: 'PUT', headers: { 'content-type': type }, body });
        if (r.status !== 201) throw new Error(`PUT ${repo}:${tag}: ${r.status}`);
      }),
    );
  }
}
