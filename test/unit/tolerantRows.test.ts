import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tolerantBody } from '../../src/aws/sdk/tolerantRows';

describe('tolerantBody: what the SDK would fail a whole page on is taken out of its row', () => {
  it('drops an ExecutionDate that is not a finite number, keeps every other value', () => {
    const body = JSON.stringify({ Rows: [{ AssociationId: 'a', ExecutionDate: 'yesterday' }, { AssociationId: 'b', ExecutionDate: 1581948052.198 }, { AssociationId: 'c', ExecutionDate: {} }, { AssociationId: 'd', ExecutionDate: true }], NextToken: 't' });
    assert.deepEqual(JSON.parse(tolerantBody(body, 'Rows') ?? 'null'), {
      Rows: [{ AssociationId: 'a' }, { AssociationId: 'b', ExecutionDate: 1581948052.198 }, { AssociationId: 'c' }, { AssociationId: 'd' }],
      NextToken: 't',
    });
  });
  it('leaves a body alone when nothing needs it (undefined: send the bytes as they came)', () => {
    assert.equal(tolerantBody(JSON.stringify({ Rows: [{ AssociationId: 'a', ExecutionDate: 1 }, null, 'x', { ExecutionDate: null }] }), 'Rows'), undefined);
    assert.equal(tolerantBody('<html>502</html>', 'Rows'), undefined, 'not JSON: the SDK reports it');
    assert.equal(tolerantBody('{"Other":[]}', 'Rows'), undefined);
    assert.equal(tolerantBody('null', 'Rows'), undefined);
    assert.equal(tolerantBody('{"Rows":{"ExecutionDate":"x"}}', 'Rows'), undefined);
  });
});
