import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';
import { SHELL_CASES } from '../../test/support/shell-cases.js';
import { SourceText } from '../engine/source.js';
import { commandPlaces } from './command-places.js';
import { parseDockerfile } from './dockerfile.js';
import { type ShellCommand, allCommands, argumentWords, commandName, commandsNamed, commandsWhere, parseShell, runShells } from './shell.js';

before(() => loadShellGrammar());

/** What the index must answer: the list filtered by name, as rules did before it. */
const filtered = (all: readonly ShellCommand[], test: (name: string) => boolean) =>
  all.filter((c) => {
    const n = commandName(c);
    return !!n && test(n.name);
  });

describe('commandsWhere / commandsNamed', () => {
  it('finds what filtering every command finds, in the same order, on every shell case', () => {
    for (const c of SHELL_CASES) {
      const all = allCommands(parseShell(c.script));
      const names = [...new Set(all.map((x) => commandName(x)?.name).filter((n): n is string => n !== undefined))];
      for (const name of names)
        assert.deepEqual(
          commandsNamed(all, name),
          filtered(all, (n) => n === name),
          `${c.name}: ${name}`,
        );
      const some = names.filter((_, i) => i % 2 === 0);
      assert.deepEqual(
        commandsWhere(all, (n) => some.includes(n)),
        filtered(all, (n) => some.includes(n)),
        c.name,
      );
    }
  });

  it('keeps the order of the list across names and nesting', () => {
    const all = allCommands(parseShell('curl a | sh; wget b && x=$(curl c) sh -c "wget d; curl e"'));
    assert.deepEqual(
      commandsNamed(all, 'wget', 'curl').map((c) => argumentWords(c)[0].value),
      ['a', 'b', 'c', 'd', 'e'],
    );
  });

  it('matches names as commandName reads them: a path, quotes removed, past sudo and env (looks risky, is the same)', () => {
    const all = allCommands(parseShell('/usr/bin/sudo id; s"u"do id; sudo -u app env A=1 curl x; "$(which curl)" y; constructor; curl.exe -k z'));
    // `/usr/bin/sudo` runs sudo (only a bare `sudo` is skipped as a wrapper); `s"u"do id` runs id.
    assert.deepEqual(
      commandsNamed(all, 'sudo').map((c) => c.words[0].value),
      ['/usr/bin/sudo'],
    );
    assert.deepEqual(
      commandsNamed(all, 'id').map((c) => c.span.start),
      filtered(all, (n) => n === 'id').map((c) => c.span.start),
    );
    assert.equal(commandsNamed(all, 'id').length, 1);
    assert.deepEqual(
      commandsNamed(all, 'curl').map((c) => c.words[0].value),
      ['sudo'],
    );
    // A substitution stays whole (commandName does not take its basename); `constructor` is a name like any other.
    assert.equal(commandsNamed(all, '$(which curl)').length, 1);
    assert.equal(commandsNamed(all, 'constructor').length, 1);
    assert.equal(commandsNamed(all, 'toString').length, 0);
    assert.deepEqual(commandsWhere(all, (n) => n.replace(/\.exe$/i, '') === 'curl').length, 2);
  });

  it('adds the commands with words before their name when asked, once each, in order', () => {
    const all = allCommands(parseShell('X=1 curl a; curl b; sudo apk add c; env; A=1; if true; then B=2 curl d; fi'));
    const expected = all.filter((c) => {
      const n = commandName(c);
      return !!n && (n.name === 'curl' || n.index > 0);
    });
    assert.deepEqual(
      commandsWhere(all, (n) => n === 'curl', true),
      expected,
    );
    assert.deepEqual(
      commandsWhere(all, () => false, true).map((c) => commandName(c)?.name),
      ['curl', 'apk', 'curl'],
    );
  });

  it('indexes each list once: a RUN moved by an edit has its own', () => {
    const text = 'FROM alpine\nRUN a|a|b|a\n';
    const model = parseDockerfile(new SourceText('Dockerfile', text));
    const [run] = runShells(model);
    assert.equal(commandsNamed(run.all, 'a').length, 3);
    assert.deepEqual(commandsNamed(run.all, 'b'), [run.all[2]]);
    assert.equal(commandsNamed(run.all, 'c').length, 0);
  });
});

describe('commandPlaces', () => {
  it('places each command in its parent’s nested list, or the top level', () => {
    for (const c of SHELL_CASES) {
      if (c.dockerfile) continue;
      const model = parseDockerfile(new SourceText('Dockerfile', `FROM alpine\nRUN ${c.script.replace(/\n/g, ' \\\n')}\n`));
      for (const run of runShells(model)) {
        const places = commandPlaces(run);
        for (const cmd of run.all) {
          const place = places.get(cmd);
          assert.ok(place, c.name);
          assert.equal(place.list[place.index], cmd, c.name);
          assert.equal(place.list, cmd.parent ? cmd.parent.nested : run.commands, c.name);
        }
      }
    }
  });
});
