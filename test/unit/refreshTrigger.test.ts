// Two pure parts of the Run Command side of View Output (src/aws/sdk/associationRuns.ts): which command is the refresh
// trigger that "Apply Association Now" sends rather than the association's document (agent appconfig/constants.go,
// test/emulator/README.md "What the endpoint follows"), and how a failed request of the chain becomes an attempt.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RequestError } from '../../src/aws/errors';
import { isRefreshTrigger, REFRESH_DOCUMENT, runCommandAttempt } from '../../src/aws/sdk/associationRuns';

describe('the refresh trigger, and a failed Run Command request as an attempt', () => {
  it('the trigger by its document, or by steps that are all aws:refreshAssociation; anything else is the run', () => {
    assert.equal(REFRESH_DOCUMENT, 'AWS-RefreshAssociation');
    assert.equal(isRefreshTrigger('AWS-RefreshAssociation', []), true);
    assert.equal(isRefreshTrigger('AWS-RefreshAssociation', ['aws:runShellScript']), true);
    assert.equal(isRefreshTrigger(undefined, ['aws:refreshAssociation']), true);
    assert.equal(isRefreshTrigger(undefined, ['aws:refreshAssociation', 'aws:refreshAssociation']), true);
    assert.equal(isRefreshTrigger(undefined, ['aws:refreshAssociation', 'aws:runShellScript']), false);
    assert.equal(isRefreshTrigger('AWS-RunShellScript', ['aws:runShellScript']), false);
    assert.equal(isRefreshTrigger(undefined, []), false, 'no steps listed: not known to be the trigger');
    assert.equal(isRefreshTrigger('aws-refreshassociation', ['step']), false);
  });

  it('names the operation that failed, the node, and what the profile may not do in which region', () => {
    const denied = { name: 'AccessDeniedException', message: 'no', $metadata: { httpStatusCode: 400 } };
    const target = { nodeId: 'i-0123456789abcdef0', profile: 'ops' };
    assert.deepEqual(runCommandAttempt(new RequestError('GetCommandInvocation', denied, 'eu-west-1', 'r1'), target), {
      source: 'runCommand',
      tried: 'call GetCommandInvocation for node i-0123456789abcdef0',
      problem: 'Access denied: profile "ops" may not call ssm:GetCommandInvocation in eu-west-1. Allow it in the IAM policy.',
    });
    // An error from before any request (e.g. resolving the client): the chain's first operation is named.
    assert.deepEqual(runCommandAttempt(denied, { nodeId: 'i-0123456789abcdef0' }), {
      source: 'runCommand',
      tried: 'call DescribeAssociationExecutions for node i-0123456789abcdef0',
      problem: 'Access denied: the default credential chain (AWS_PROFILE or the default profile) may not call ssm:DescribeAssociationExecutions. Allow it in the IAM policy.',
    });
  });
});
