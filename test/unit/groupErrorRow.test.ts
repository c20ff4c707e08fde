// One function draws the error row of a node and that of a (profile, region): where the two differ.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeError, ProfileNotFoundError } from '../../src/aws/errors';
import type { AwsScope } from '../../src/core/scope';
import type { ErrorElement, GroupErrorElement } from '../../src/tree/elements';
import { errorActions, errorSpec } from '../../src/tree/rowItems';

const sdkError = (name: string) => Object.assign(new Error('x'), { name, $metadata: { httpStatusCode: 400 } });

function groupRow(error: unknown, placement: AwsScope): GroupErrorElement {
  return { kind: 'groupError', placement, error: describeError(error, { profile: placement.profile ?? 'prod', region: 'eu-west-1' }) };
}
function nodeRow(error: unknown, during: 'first' | 'more', ownProfile?: string): ErrorElement {
  const entry = { kind: 'node' as const, id: 'i-0123456789abcdef0', index: 0, ...(ownProfile ? { profile: ownProfile } : {}) };
  return { kind: 'error', node: { kind: 'node', entry }, error: describeError(error, { profile: ownProfile ?? 'prod', region: 'eu-west-1' }), during };
}

describe('the error row of a (profile, region) and that of a node', () => {
  it('a group on the default profile: its own id, Retry retries the group, Select Profile offered', () => {
    const el = groupRow(sdkError('InvalidSignatureException'), { region: 'eu-west-1' });
    const spec = errorSpec(el);
    assert.equal(spec.id, 'groupError/[null,"eu-west-1"]');
    assert.equal(spec.contextValue, 'error.selectProfile');
    assert.deepEqual([spec.command?.command, spec.command?.arguments], ['ssmAssociations.retry', [el]]);
    assert.match(spec.tooltipMarkdown ?? '', /  \nThe nodes of this profile and region are listed without their summaries\.$/);
  });

  it("a group with a profile of its own: the group's profile decides (the settings instead of Select Profile)", () => {
    const own = groupRow(new ProfileNotFoundError('own'), { profile: 'own', region: 'eu-west-1' });
    assert.deepEqual(errorActions(own).includes('selectProfile'), false);
    assert.equal(errorSpec(own).command?.command, 'ssmAssociations.openSettings');
    assert.equal(errorSpec(own).contextValue, 'error');
    const shared = groupRow(new ProfileNotFoundError('prod'), { region: 'eu-west-1' });
    assert.equal(errorSpec(shared).command?.command, 'ssmAssociations.selectProfile');
  });

  it('a node row: no id of its own, "Couldn\'t load more" on a later page, no word about the group', () => {
    const first = errorSpec(nodeRow(sdkError('InvalidSignatureException'), 'first'));
    const more = errorSpec(nodeRow(sdkError('InvalidSignatureException'), 'more'));
    assert.equal('id' in first, false, 'the row is known by its node');
    assert.equal(more.label, `Couldn't load more: ${first.label}`);
    assert.doesNotMatch(first.tooltipMarkdown ?? '', /listed without their summaries/);
    // The same words as the group's row for the same error.
    const group = errorSpec(groupRow(sdkError('InvalidSignatureException'), { region: 'eu-west-1' }));
    assert.equal(group.label, first.label);
    assert.equal(group.description, first.description);
    assert.ok(group.tooltipMarkdown?.startsWith(first.tooltipMarkdown ?? '?'));
  });
});
