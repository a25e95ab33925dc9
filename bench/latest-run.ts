/** bench/README.md's generated section: the bench replaces it after each full run. */

export const LATEST_RUN_HEADING = '## Latest full run';

/** The README with its 'Latest full run' section (up to the next `## ` heading) replaced by `section`. */
export function withLatestRun(readme: string, section: string): string {
  const start = readme.indexOf(`\n${LATEST_RUN_HEADING}\n`);
  if (start < 0) return `${readme.trimEnd()}\n\n${section.trimEnd()}\n`;
  const next = readme.indexOf('\n## ', start + 1);
  const end = next < 0 ? readme.length : next;
  return `${readme.slice(0, start + 1)}${section.trimEnd()}\n${next < 0 ? '' : '\n'}${readme.slice(end + 1)}`;
}
