// Types of scripts/web-build.mjs for the TypeScript tests.
import type { Plugin, build } from 'esbuild';

export declare function noNodeModules(): Plugin;
export declare function buildWeb(run: typeof build, common: Record<string, unknown>): Promise<unknown>;
