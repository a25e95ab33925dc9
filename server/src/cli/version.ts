/** The version from package.json; esbuild inlines just this field at build time (no file read at startup). */
import { version as pkgVersion } from '../../../package.json';

export const VERSION: string = pkgVersion;
