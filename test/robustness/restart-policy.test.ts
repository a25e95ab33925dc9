/**
 * The client's answer to a dying server (client/src/restart-policy.ts, used by the errorHandler of
 * client/src/extension.ts): a few quiet restarts, then stop and say so once, not a popup loop.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestartPolicy } from '../../client/src/restart-policy.js';

describe('restart policy of the VS Code client', () => {
  it('restarts a crashing server four times quietly, then stops it with one message', () => {
    const policy = new RestartPolicy();
    const decisions = Array.from({ length: 8 }, (_, i) => policy.closed(1000 + i * 100));
    assert.deepEqual(
      decisions.map((d) => d.restart),
      [true, true, true, true, false, false, false, false],
    );
    assert.deepEqual(
      decisions.slice(0, 4).map((d) => d.notify),
      [undefined, undefined, undefined, undefined],
      'restarts make no popup',
    );
    assert.match(decisions[4].notify ?? '', /stopped 5 times within 3 minutes; it is not restarted again\..*Restart language server/);
    assert.deepEqual(
      decisions.slice(5).map((d) => d.notify),
      [undefined, undefined, undefined],
      'one message, not a loop of them',
    );
    for (const d of decisions) assert.ok(d.log.length > 0, 'every crash is logged');
  });

  it('keeps restarting a server that crashes now and then (outside the window)', () => {
    const policy = new RestartPolicy(4, 3 * 60_000);
    for (let i = 0; i < 20; i++) assert.equal(policy.closed(i * 60_000).restart, true, `crash ${i}`);
  });

  it('counts afresh after a manual restart, and may tell the user again', () => {
    const policy = new RestartPolicy(2, 60_000);
    for (let i = 0; i < 3; i++) policy.closed(i);
    assert.equal(policy.closed(10).notify, undefined);
    policy.reset();
    assert.equal(policy.closed(20).restart, true);
    assert.equal(policy.closed(30).restart, true);
    const stopped = policy.closed(40);
    assert.equal(stopped.restart, false);
    assert.ok(stopped.notify);
  });

  it('rides out a few connection errors, then shuts down and says so once', () => {
    const policy = new RestartPolicy();
    assert.deepEqual(
      [1, 2, 3].map((n) => policy.errored(n, 'EPIPE').shutdown),
      [false, false, false],
    );
    const down = policy.errored(4, 'EPIPE');
    assert.equal(down.shutdown, true);
    assert.match(down.notify ?? '', /keeps failing \(EPIPE\)/);
    assert.equal(policy.errored(5, 'EPIPE').notify, undefined);
    assert.equal(policy.closed().notify, undefined, 'no second message after the shutdown one');
  });
});
