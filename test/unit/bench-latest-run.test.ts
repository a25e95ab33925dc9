import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withLatestRun } from '../../bench/latest-run.js';

describe('bench: the README section a full run writes', () => {
  const section = '## Latest full run\n\nnew table\n';

  it('replaces the section up to the next heading and keeps everything around it', () => {
    const readme = '# Benchmarks\n\nintro\n\n## Latest full run\n\nold table\nold line\n\n## Issue 14\n\nnotes\n';
    assert.equal(withLatestRun(readme, section), '# Benchmarks\n\nintro\n\n## Latest full run\n\nnew table\n\n## Issue 14\n\nnotes\n');
  });

  it('replaces a section that ends the file', () => {
    assert.equal(withLatestRun('# B\n\n## Latest full run\n\nold\n', section), '# B\n\n## Latest full run\n\nnew table\n');
  });

  it('a heading that only starts like it is not the section (risky-looking, left alone): appends instead', () => {
    const readme = '# B\n\n## Latest full runs of 2025\n\nkept\n';
    assert.equal(withLatestRun(readme, section), '# B\n\n## Latest full runs of 2025\n\nkept\n\n## Latest full run\n\nnew table\n');
  });
});
