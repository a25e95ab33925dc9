/** Directory names never searched: dependencies, build output and tool caches. Hidden ones are skipped too. */
export const SKIPPED_DIRS = new Set([
  'node_modules', 'bower_components', 'jspm_packages', 'vendor', 'dist', '__pycache__', 'venv', 'site-packages',
]);
