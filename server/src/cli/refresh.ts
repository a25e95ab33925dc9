/**
 * `bosun --image-facts refresh [paths…]`: the image facts of every image the workspace's Dockerfiles
 * and Compose files pull (FROM of every stage with its --platform, Compose image: with platform:, the
 * base of each built Dockerfile), fetched from their registries — at most four at a time, each under
 * the timeout — and written to the lock file, sorted, for committing. An image that cannot be fetched
 * keeps its previous entry (and makes the exit code 2); entries no file names any more are dropped.
 * A file asked for that cannot be read makes the exit code 2 as well (its images may be missing).
 * The lock file is written through server/src/fs/write.ts, inside the working directory only.
 */
import { resolve } from 'node:path';
import { type ImageFacts, lintText } from '../../../rules/api.js';
import { diskFiles } from '../files.js';
import { Containment } from '../fs/containment.js';
import { DigestCache } from '../registry/cache.js';
import { RegistryClient } from '../registry/client.js';
import { FactsFetcher } from '../registry/facts-fetcher.js';
import { readLock, writeLock } from '../registry/facts-lock.js';
import { imageSitesOf } from '../registry/image-sites.js';
import type { CliOptions } from './args.js';
import type { ConfigLoader } from './config.js';
import { discover, displayPath, STDIN } from './discover.js';
import { visible } from './escape.js';
import { lockSettings } from './image-facts.js';
import { readTarget } from './read.js';
import type { Io } from './run.js';

const CLI_TIMEOUT_MS = 15_000;

export async function refreshImageFacts(opts: CliOptions, io: Io, loader: ConfigLoader): Promise<number> {
  const t0 = performance.now();
  const discovery = await discover(opts.paths, io.cwd, opts.language, undefined);
  let unreadable = discovery.skipped.filter((s) => s.askedFor).length;
  for (const s of discovery.skipped) io.err(`bosun: ${visible(s.path)}: ${s.reason} (skipped)\n`);
  // As in a lint run: a link out of the folders asked for is not followed by cross-file reads.
  const roots = (opts.paths.length ? opts.paths : ['.']).filter((p) => p !== STDIN).map((p) => resolve(io.cwd, p));
  const files = diskFiles({ cache: true, containment: new Containment(roots) });
  const keys = new Set<string>();
  for (const target of discovery.targets) {
    const read = readTarget(target);
    if (!read.ok) {
      unreadable++;
      io.err(`bosun: ${visible(target.display)}: ${read.reason} (skipped)\n`);
      continue;
    }
    const result = lintText(target.abs, read.text, target.language, { only: [], files });
    for (const site of imageSitesOf(result, files)) keys.add(site.key);
  }
  const { path } = lockSettings(io.cwd, loader);
  const previous = readLock(path);
  if (previous.problem) io.err(`bosun: warning: ${visible(displayPath(path, io.cwd))}: ${previous.problem}\n`);
  const fetcher = new FactsFetcher(new RegistryClient(new DigestCache(undefined)));
  const options = {
    timeoutMs: CLI_TIMEOUT_MS,
    useDockerCredentials: opts.registryCredentials,
    credentialHelpers: opts.registryCredentials,
    workspaceFolders: [io.cwd],
  };
  const sorted = [...keys].sort();
  const outcomes = await Promise.all(sorted.map((key) => fetcher.fetchFacts(key, options)));
  const next: ImageFacts[] = [];
  let failed = 0;
  outcomes.forEach((o, i) => {
    if (o.ok) {
      next.push(o.facts);
      return;
    }
    failed++;
    const kept = previous.facts.get(sorted[i]);
    if (kept) next.push(kept);
    io.err(`bosun: image facts: ${visible(sorted[i].replace('|', ' for '))}: ${visible(o.error)}${kept ? ' (kept the previous entry)' : ''}\n`);
  });
  try {
    writeLock(path, resolve(io.cwd), next);
  } catch (e) {
    io.err(`bosun: cannot write ${visible(displayPath(path, io.cwd))}: ${visible((e as Error).message)}\n`);
    return 2;
  }
  const ms = Math.round(performance.now() - t0);
  io.out(
    `Image facts of ${sorted.length} image${sorted.length === 1 ? '' : 's'} written to ${visible(displayPath(path, io.cwd))} (${sorted.length - failed} fetched, ${failed} failed, ${ms} ms)\n`,
  );
  if (unreadable) io.err(`bosun: ${unreadable} ${unreadable === 1 ? 'file' : 'files'} could not be read: their images may be missing from the lock file (exit 2)\n`);
  return failed || unreadable ? 2 : 0;
}
