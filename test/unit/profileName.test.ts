import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getProfileName } from '@smithy/core/config';
import { defaultProfileName } from '../../src/aws/profileName';

describe('defaultProfileName', () => {
  it('names the profile the SDK itself picks when none is chosen, an empty AWS_PROFILE included', () => {
    const saved = process.env.AWS_PROFILE;
    try {
      for (const value of [undefined, '', 'work']) {
        if (value === undefined) delete process.env.AWS_PROFILE;
        else process.env.AWS_PROFILE = value;
        assert.equal(defaultProfileName({ AWS_PROFILE: value }), getProfileName({}), `AWS_PROFILE=${JSON.stringify(value)}`);
      }
      assert.equal(defaultProfileName({ AWS_PROFILE: '' }), 'default');
    } finally {
      if (saved === undefined) delete process.env.AWS_PROFILE;
      else process.env.AWS_PROFILE = saved;
    }
  });
});
