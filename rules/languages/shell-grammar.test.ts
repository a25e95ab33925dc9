import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';
import { SHELL_CASES } from '../../test/support/shell-cases.js';
import { bashTreeBothWays, parseBash } from './shell-grammar.js';
import { flat } from '../../test/support/flat-tree.js';

before(() => loadShellGrammar());

describe("the bash tree copied with the runtime's cursor functions", () => {
  it('is used: the pinned web-tree-sitter exports the functions it calls', () => {
    const both = bashTreeBothWays('echo hi | tee /x');
    assert.ok(both?.direct, 'the direct copy is available (an upgrade of web-tree-sitter that renamed them would fall back to the 3x slower walk)');
  });

  it("is the same tree as the binding's, on every shell case and on broken and nested scripts", () => {
    const scripts = [
      ...SHELL_CASES.map((c) => c.script),
      'if then fi ; )) ` $(( "unterminated',
      `${'$('.repeat(300)}x${')'.repeat(300)}`,
      'cat <<EOF | sh\ncurl -k https://x\nEOF\n',
      'f() { local a=${1:-x}; case $a in (b|c) echo "$a";; esac; }; f 2>&1 >/dev/null &',
      '',
    ];
    for (const script of scripts) {
      const both = bashTreeBothWays(script);
      assert.ok(both);
      assert.ok(both.direct);
      assert.deepEqual(flat(both.direct), flat(both.binding), script);
      assert.deepEqual(flat(parseBash(script)), flat(both.binding), `parseBash: ${script}`);
    }
  });
});

describe('the bash tree copy', () => {
  it("leaves out the `command_name` around a command's name: the name is the command's first child", () => {
    for (const script of ['echo hi', '"$tool" --version', 'sudo -u app /bin/sh -c x']) {
      const command = parseBash(script)?.children[0];
      assert.equal(command?.type, 'command', script);
      assert.ok(!flat(command).some((n) => (n as unknown[])[0] === 'command_name'), script);
      const name = command.children[0];
      assert.equal(script.slice(name.start, name.end), script.split(' ')[0], script);
    }
  });

  it('keeps the words of a command named by a substitution or a concatenation', () => {
    const command = parseBash('$(which curl)-x -k')?.children[0];
    assert.equal(command?.type, 'command');
    assert.deepEqual(
      command.children.map((c) => c.type),
      ['concatenation', 'word'],
    );
  });
});
