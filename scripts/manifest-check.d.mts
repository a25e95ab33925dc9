// Types of scripts/manifest-check.mjs for the TypeScript tests.
export declare const CATEGORIES: Set<string>;
export declare const MAX_KEYWORDS: number;
export declare function pngSize(bytes: Uint8Array | undefined): { width: number; height: number } | undefined;
export declare function manifestProblems(
  pkg: Record<string, unknown>,
  pack: { files: Set<string>; read: (path: string) => Uint8Array | undefined; placeholders?: string[] },
): string[];
export declare function packagedReadme(readme: string, files: Set<string>): { text: string; problems: string[] };
