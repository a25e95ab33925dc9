// Types of scripts/cli-build.mjs for the TypeScript callers (bench, tests).
import type { BuildOptions, Plugin } from 'esbuild';

export declare const LAZY_CHUNKS: Record<string, string>;
export declare function buildCli(root: string, outdir: string, common: BuildOptions): Promise<{ cli: string }>;
export declare const GRAMMAR_FILES: Record<string, string>;
export declare function copyGrammar(root: string, outdir: string): void;
export declare function webTreeSitterCjsPlugin(root: string): Plugin;
export declare function asciiOnly(code: string): string;
