import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parseShell } from '../languages/shell.js';
import { managerInvocation, packageInstall, packageSpec, unpinnedPackages } from './package-managers.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

const install = (script: string) => packageInstall(parseShell(script)[0]);
const unpinned = (script: string) => unpinnedPackages(install(script)!).map((w) => w.value);

describe('package managers', () => {
  it('recognises invocations with global options before the subcommand', () => {
    const inv = managerInvocation(parseShell('apt-get -qq -o Dpkg::Use-Pty=0 -y install curl')[0]);
    assert.equal(inv?.manager, 'apt');
    assert.equal(inv?.subcommand, 'install');
    assert.deepEqual(
      inv?.globalArgs.options.map((o) => o.name),
      ['-q', '-q', '-o', '-y'],
    );
    assert.equal(managerInvocation(parseShell('python3.12 -m pip install x')[0])?.manager, 'pip');
    assert.equal(managerInvocation(parseShell('uv pip install x')[0])?.manager, 'pip');
    assert.equal(install('yarn global add x')?.subcommand, 'add');
    assert.equal(managerInvocation(parseShell('python3 app.py')[0]), undefined);
  });
  it('knows each pin syntax', () => {
    assert.deepEqual(unpinned('apt-get install -y curl=7.88.1-10 git vim=2:9.0*'), ['git']);
    assert.deepEqual(unpinned('apk add --no-cache -t .deps gcc=13.2.1-r0 musl-dev~1.2 make'), ['make']);
    assert.deepEqual(unpinned('dnf install -y curl-7.76.1 git @development-tools'), ['git']);
    assert.deepEqual(unpinned('zypper in -y "curl>=8" git'), ['git']);
    assert.deepEqual(unpinned('pip install "a==1" "b>=2" c[x]~=3 d e@https://x/e.whl ./f -e . pip'), ['d']);
    assert.deepEqual(unpinned('pip install -r requirements.txt -c constraints.txt x'), []);
    assert.deepEqual(unpinned('npm i -g @scope/a@1.2.3 b@latest c ./d e/f'), ['b@latest', 'c']);
    assert.deepEqual(unpinned('gem install a b:1.0'), ['a']);
    assert.deepEqual(unpinned('gem install a -v 1.0'), []);
    assert.deepEqual(unpinned('go install a.io/x@v1.0.0 a.io/y@latest ./cmd/z a.io/w'), ['a.io/y@latest']);
  });
  it('skips what it cannot judge', () => {
    for (const w of ['$PKGS', '${DEPS}', 'https://x/y.deb', './local.deb', '/tmp/x.rpm', 'lib*']) {
      assert.equal(packageSpec('apt', w).kind, 'other', w);
    }
  });
});
