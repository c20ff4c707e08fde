// The bench's first-click verdicts (bench/firstClick.ts): computed from the clicks it timed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstClickRows, hostShare, leaveOneOut, type TimedClick } from '../../bench/firstClick';

const click = (kind: TimedClick['kind'], ms: number, extensionMs = 112, endpointMs = 102): TimedClick => ({ kind, ms, requests: 1, extensionMs, endpointMs });

/** Start-ups as the bench runs them: a first click and two later ones, then a control's first click. */
function startUps(first: number[], control: number[], firstShare = 10, laterShare = 10): TimedClick[] {
  return first.flatMap((f, i) => [
    click('first', f, 102 + firstShare),
    click('later', 190, 102 + laterShare),
    click('later', 185, 102 + laterShare),
    click('control', control[i], 102 + laterShare),
  ]);
}

describe('bench first-click rows', () => {
  it('passes when the first click is within 1.25× of the control and the host pays at most 20 ms more', () => {
    const [ratio, share] = firstClickRows(startUps([240, 250, 230], [210, 200, 220], 25, 10), 100);
    assert.equal(ratio.pass, true);
    assert.equal(ratio.figure, '1.14× (240 ms vs 210 ms)');
    assert.equal(share.pass, true);
    assert.equal(share.value, 15);
  });

  it('fails on a first click over 1.25× the control, and on a host share over 20 ms more', () => {
    const [ratio, share] = firstClickRows(startUps([300, 290, 310], [210, 200, 220], 40, 10), 100);
    assert.equal(ratio.pass, false);
    assert.equal(share.pass, false);
    assert.equal(share.value, 30);
  });

  it('fails when a click made more than one request, or a click has no log line', () => {
    const clicks = startUps([240, 250, 230], [210, 200, 220]);
    assert.equal(firstClickRows([{ ...clicks[0], requests: 2 }, ...clicks.slice(1)], 100)[0].pass, false);
    const unlogged = firstClickRows([{ ...clicks[0], extensionMs: undefined }, ...clicks.slice(1)], 100)[1];
    assert.equal(unlogged.pass, false);
    assert.match(unlogged.figure, /not measured \(2 of 3 first/);
  });

  it('hostShare is the extension’s time minus the endpoint’s; leaveOneOut spans the figure with each sample left out', () => {
    assert.equal(hostShare(click('first', 200, 130, 104)), 26);
    assert.equal(hostShare({ kind: 'first', ms: 200, requests: 1 }), undefined);
    const sum = (a: readonly number[], b: readonly number[]) => a.reduce((x, y) => x + y, 0) - b.reduce((x, y) => x + y, 0);
    assert.deepEqual(leaveOneOut([1, 2, 3], [10], sum), { low: -7, high: -5 });
  });
});
