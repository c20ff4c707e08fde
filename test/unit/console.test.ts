import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { associationConsoleUrl, nodeConsoleUrl, partitionOf, s3Arn } from '../../src/core/console';

const ASSOC = '8c6b8f0e-5f5e-4a3b-9c2d-1e2f3a4b5c6d';
const NODE = 'i-0a1b2c3d4e5f60001';

function url(link: ReturnType<typeof associationConsoleUrl>): string {
  assert.ok(link.ok, link.ok ? '' : link.reason);
  return link.url;
}

describe('console links for each partition', () => {
  it('commercial: the regional console host, region in the query', () => {
    assert.equal(url(associationConsoleUrl(ASSOC, 'eu-west-1')), `https://eu-west-1.console.aws.amazon.com/systems-manager/state-manager/${ASSOC}/description?region=eu-west-1`);
    assert.equal(url(nodeConsoleUrl(NODE, 'us-east-1')), `https://us-east-1.console.aws.amazon.com/systems-manager/fleet-manager/managed-nodes/${NODE}/general?region=us-east-1`);
  });
  it('China: console.amazonaws.cn', () => {
    assert.equal(url(associationConsoleUrl(ASSOC, 'cn-north-1')), `https://console.amazonaws.cn/systems-manager/state-manager/${ASSOC}/description?region=cn-north-1`);
    assert.equal(url(nodeConsoleUrl('mi-0123456789abcdef0', 'cn-northwest-1')), 'https://console.amazonaws.cn/systems-manager/fleet-manager/managed-nodes/mi-0123456789abcdef0/general?region=cn-northwest-1');
  });
  it('GovCloud: console.amazonaws-us-gov.com', () => {
    assert.equal(url(nodeConsoleUrl(NODE, 'us-gov-west-1')), `https://console.amazonaws-us-gov.com/systems-manager/fleet-manager/managed-nodes/${NODE}/general?region=us-gov-west-1`);
    assert.equal(partitionOf('us-gov-east-1'), 'aws-us-gov');
  });
  it('an upper-case association ID is linked in the lower case the console uses', () => {
    assert.match(url(associationConsoleUrl(ASSOC.toUpperCase(), 'eu-west-1')), new RegExp(`/state-manager/${ASSOC}/`));
  });
  it('refuses what is not a validated ID or region, saying why', () => {
    const cases: [ReturnType<typeof associationConsoleUrl>, RegExp][] = [
      [associationConsoleUrl('../../iam/home', 'eu-west-1'), /not a UUID/],
      [associationConsoleUrl(`${ASSOC}?x=1`, 'eu-west-1'), /not a UUID/],
      [associationConsoleUrl(`x${ASSOC}`, 'eu-west-1'), /not a UUID/],
      [nodeConsoleUrl('i-0a1b2c3d4e5f60001/../../x', 'eu-west-1'), /not a managed-node ID/],
      [nodeConsoleUrl(NODE, 'evil.com/#'), /not an AWS region/],
      [nodeConsoleUrl(NODE, undefined), /No region/],
      [nodeConsoleUrl(NODE, 'us-isob-east-1'), /no public AWS console/],
      [associationConsoleUrl(ASSOC, 'EU-WEST-1'), /not an AWS region/],
    ];
    for (const [link, reason] of cases) {
      assert.equal(link.ok, false);
      if (!link.ok) assert.match(link.reason, reason);
    }
  });
  it('a partition without a known console is named in words, or by its ID when it has no name here', () => {
    const reason = (link: ReturnType<typeof associationConsoleUrl>) => (link.ok ? link.url : link.reason);
    assert.equal(reason(nodeConsoleUrl(NODE, 'eusc-de-east-1')), 'eusc-de-east-1 is in the AWS European Sovereign Cloud, which has no public AWS console the extension knows: no link is built.');
    assert.equal(reason(associationConsoleUrl(ASSOC, 'us-isob-east-1')), 'us-isob-east-1 is in the aws-iso-b partition, which has no public AWS console the extension knows: no link is built.');
  });
  it('ARNs in messages name the partition', () => {
    assert.equal(s3Arn('cn-north-1', 'b', 'p/x'), 'arn:aws-cn:s3:::b/p/x');
    assert.equal(s3Arn('us-gov-west-1', 'b'), 'arn:aws-us-gov:s3:::b');
    assert.equal(s3Arn(undefined, 'b'), 'arn:aws:s3:::b');
  });
});
