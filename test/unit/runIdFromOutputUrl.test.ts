// The run an OutputUrl names (runIdFromOutputUrl, src/aws/sdk/outputReader.ts), beyond test/unit/output.test.ts:
// trailing slashes, and a run folder that is not directly under the association's prefix.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runIdFromOutputUrl } from '../../src/aws/sdk/outputReader';
import { associationPrefix } from '../../src/aws/runLayout';

const NODE = 'i-0123456789abcdef0';
const ASSOC = '6d774d47-1111-4222-8333-944445555666';
const RUN = '2024-10-21T18-08-11.123Z';

describe('runIdFromOutputUrl: only a run folder directly under the association\'s prefix', () => {
  it('however many slashes end the URL', () => {
    const prefix = associationPrefix('out', NODE, ASSOC);
    assert.equal(runIdFromOutputUrl(`bkt/${prefix}${RUN}//`, 'bkt', prefix), RUN);
    assert.equal(runIdFromOutputUrl(`s3://bkt/${prefix}${RUN}///`, 'bkt', prefix), RUN);
  });

  it('the prefix must start the key: the same folders deeper down name no run', () => {
    const prefix = associationPrefix('out', NODE, ASSOC);
    assert.equal(runIdFromOutputUrl(`bkt/elsewhere/${prefix}${RUN}`, 'bkt', prefix), undefined);
    assert.equal(runIdFromOutputUrl(`bkt/${prefix}x${RUN}`, 'bkt', prefix), undefined);
    assert.equal(runIdFromOutputUrl(`bkt/${prefix}${RUN}x`, 'bkt', prefix), undefined);
  });
});
