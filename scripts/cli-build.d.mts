// Types of scripts/cli-build.mjs for the TypeScript callers (bench, tests).
import type { BuildOptions } from 'esbuild';

export declare const LAZY_CHUNKS: Record<string, string>;
export declare function buildCli(root: string, outdir: string, common: BuildOptions): Promise<{ cli: string }>;
