import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketNameProblem, consoleUrl, parseOutputUrl, s3Uri } from '../../src/aws/outputUrl';
import { DEMO, HOSTILE } from '../emulator/defaultFleet';

function ok(raw: string) {
  const parsed = parseOutputUrl(raw);
  assert.ok(parsed.ok, `expected ${raw} to parse: ${parsed.ok ? '' : parsed.reason}`);
  return parsed.location;
}

function refused(raw: string | undefined, reason: RegExp) {
  const parsed = parseOutputUrl(raw);
  assert.equal(parsed.ok, false, `expected ${raw} to be refused`);
  if (!parsed.ok) assert.match(parsed.reason, reason);
}

describe('parseOutputUrl: the four accepted forms', () => {
  it('bare bucket/prefix, as the SSM Agent writes it', () => {
    assert.deepEqual(ok('my-ssm-output/i-0123/abc/awsrunShellScript/'), {
      bucket: 'my-ssm-output',
      prefix: 'i-0123/abc/awsrunShellScript/',
      region: undefined,
      form: 'bare',
    });
  });
  it('s3://bucket/prefix', () => {
    const l = ok('s3://logs.example-1/runs/2026/');
    assert.equal(l.bucket, 'logs.example-1');
    assert.equal(l.prefix, 'runs/2026/');
    assert.equal(l.form, 's3-uri');
  });
  it('path-style https, with and without a region', () => {
    assert.deepEqual(ok('https://s3.amazonaws.com/bucket-a/x/y'), { bucket: 'bucket-a', prefix: 'x/y', region: undefined, form: 'path-style' });
    assert.equal(ok('https://s3.eu-west-1.amazonaws.com/bucket-a/x').region, 'eu-west-1');
    assert.equal(ok('https://s3-ap-southeast-2.amazonaws.com/bucket-a/x').region, 'ap-southeast-2');
  });
  it('virtual-hosted https, dotted bucket names included', () => {
    assert.deepEqual(ok('https://my.bucket.s3.us-east-2.amazonaws.com/a%20b/c/'), { bucket: 'my.bucket', prefix: 'a b/c/', region: 'us-east-2', form: 'virtual-hosted' });
    assert.equal(ok('https://bkt.s3.amazonaws.com/p').region, undefined);
  });
  it('schemes in any case, like every URL scheme', () => {
    assert.deepEqual(ok('S3://bucket-a/k'), { bucket: 'bucket-a', prefix: 'k', region: undefined, form: 's3-uri' });
    assert.deepEqual(ok('HTTPS://S3.EU-WEST-1.AMAZONAWS.COM/bucket-a/k'), { bucket: 'bucket-a', prefix: 'k', region: 'eu-west-1', form: 'path-style' });
    assert.equal(ok('Https://bkt.s3.amazonaws.com/p').bucket, 'bkt');
    refused('S3:bucket-a/k', /must start with s3:\/\//);
  });
  it('bucket only, no prefix', () => {
    assert.equal(ok('s3://bucket-only').prefix, '');
  });
});

describe('parseOutputUrl: refusals', () => {
  it('schemes other than s3 and https', () => {
    refused('javascript:alert(1)', /Only s3:\/\/ and https:\/\//);
    refused('command:workbench.action.terminal.new', /"command:"/);
    refused('file:///etc/passwd', /"file:"/);
    refused('vscode://ssmtools.x/y', /"vscode:"/);
    refused('http://s3.amazonaws.com/bucket/x', /"http:"/);
    refused('data:text/html,<b>x</b>', /"data:"/);
  });
  it('hosts that are not S3, lookalikes included', () => {
    refused('https://s3.amazonaws.com.evil.example/bucket/x', /not an Amazon S3 host/);
    refused('https://evil.example/s3.amazonaws.com/bucket', /not an Amazon S3 host/);
    refused('https://s3.amazonaws.co/bucket/x', /not an Amazon S3 host/);
    refused('https://user:pw@s3.amazonaws.com/bucket/x', /user, port, query or fragment/);
    refused('https://s3.amazonaws.com:8443/bucket/x', /user, port, query or fragment/);
    refused('https://s3.amazonaws.com/bucket/x?redirect=https://evil', /query/);
  });
  it('invalid bucket names', () => {
    refused('https://s3.amazonaws.com/Bad_Bucket/x', /not a valid bucket name/);
    refused('s3://ab/x', /3 to 63/);
    refused('s3://a..b/x', /two dots/);
    refused('s3://192.168.1.1/x', /IP address/);
    refused('s3://-bucket/x', /not a valid bucket name/);
    refused('<script>/x', /not a valid bucket name/);
  });
  it('path traversal and control characters in the prefix', () => {
    refused('s3://bucket-a/logs/../../secret', /"\." or "\.\."/);
    refused('https://s3.amazonaws.com/bucket-a/%2e%2e/x', /"\." or "\.\."/);
    refused('https://s3.amazonaws.com/bucket-a/../other-bucket/x', /"\." or "\.\."/);
    refused('https://bkt.s3.amazonaws.com/./x', /"\." or "\.\."/);
    // The same in the forms that are not https, written or percent-encoded.
    refused('s3://bucket-a/logs/./x', /"\." or "\.\."/);
    refused('bucket-a/%2E/x', /"\." or "\.\."/);
    refused('bucket-a/x/%2e%2E', /"\." or "\.\."/);
    refused('bucket-a/x\u0000y', /control/);
    refused('s3://bucket-a/a b', /spaces/);
    refused('https://s3.amazonaws.com/bucket-a/%E0%A4%A', /percent-encoding/);
  });
  it('backslashes, which URL parsers and the console read as "/": never past the guard', () => {
    refused('https://s3.amazonaws.com/bucket-a/prefix\\..\\..\\attacker-bucket\\x', /backslash/);
    refused('https://s3.amazonaws.com\\evil.com/k', /backslash/);
    refused('https://bucket-a.s3.amazonaws.com/p\\..\\x', /backslash/);
    refused('s3://bucket-a/prefix\\..\\x', /backslash/);
    refused('bucket-a\\..\\x', /backslash/);
    // Percent-encoded, the backslash is caught in the decoded prefix.
    refused('s3://bucket-a/prefix%5C..%5Cx', /backslashes/);
    refused('https://s3.amazonaws.com/bucket-a/p%5C..%5Cother', /backslashes/);
    refused('s3://bucket-a/a%2F..%2F..%2Fb', /"\." or "\.\."/);
  });
  it('a host the parser reads differently from how it is written', () => {
    refused('https://s3%2eamazonaws.com/bucket-a/x', /not an Amazon S3 host/);
    refused('https:s3.amazonaws.com/bucket-a/x', /must start with https:\/\//);
    refused('https:///s3.amazonaws.com/bucket-a/x', /not a valid URL/);
    refused('https://s3.amazonaws.com./bucket-a/x', /not an Amazon S3 host/);
    refused('https://s3.amazonaws.com/bucket-a/x#frag', /fragment/);
    refused('https://s3.amazonaws.com/bucket-a/x?', /query/);
  });
  it('the bucket and prefix are read from the URL as written', () => {
    // A parser would percent-encode these; the console gets them decoded once, as the agent wrote them.
    assert.equal(ok('https://s3.amazonaws.com/bucket-a/r%C3%A9sum%C3%A9/{x}').prefix, 'résumé/{x}');
  });
  it('reasons are short however long the URL is', () => {
    for (const raw of [`s3://${'b'.repeat(100_000)}/k`, `https://${'h'.repeat(100_000)}.example/k`, `${'x'.repeat(100_000)}:y`, `https://s3.${'r'.repeat(100_000)}-1.amazonaws.com/bucket-a/k`]) {
      const parsed = parseOutputUrl(raw);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.ok(parsed.reason.length < 250, `${parsed.reason.length}: ${parsed.reason.slice(0, 120)}`);
    }
  });
  it('nothing at all', () => {
    refused(undefined, /no S3 output/);
    refused('   ', /no S3 output/);
  });
});

describe('consoleUrl and s3Uri', () => {
  it('builds the S3 console URL from the parts, region from the URL first', () => {
    const l = ok('https://bkt.s3.us-east-2.amazonaws.com/i-1/run%201/');
    assert.deepEqual(consoleUrl(l, 'eu-west-1'), { ok: true, url: 'https://s3.console.aws.amazon.com/s3/buckets/bkt?region=us-east-2&prefix=i-1%2Frun%201%2F&showversions=false' });
  });
  it('falls back to the node region, and adds the trailing slash of a prefix', () => {
    const l = ok('bkt/a/b');
    assert.deepEqual(consoleUrl(l, 'eu-west-1'), { ok: true, url: 'https://s3.console.aws.amazon.com/s3/buckets/bkt?region=eu-west-1&prefix=a%2Fb%2F&showversions=false' });
    assert.equal(s3Uri(l), 's3://bkt/a/b/');
    assert.equal(s3Uri(ok('s3://bkt')), 's3://bkt/');
  });
  it("opens the bucket's partition's console: China and GovCloud buckets, not the commercial one", () => {
    assert.deepEqual(consoleUrl(ok('bkt/a'), 'cn-north-1'), { ok: true, url: 'https://console.amazonaws.cn/s3/buckets/bkt?region=cn-north-1&prefix=a%2F&showversions=false' });
    assert.deepEqual(consoleUrl(ok('https://bkt.s3.cn-northwest-1.amazonaws.com.cn/a'), 'eu-west-1'), {
      ok: true,
      url: 'https://console.amazonaws.cn/s3/buckets/bkt?region=cn-northwest-1&prefix=a%2F&showversions=false',
    });
    assert.deepEqual(consoleUrl(ok('bkt'), 'us-gov-west-1'), { ok: true, url: 'https://console.amazonaws-us-gov.com/s3/buckets/bkt?region=us-gov-west-1&showversions=false' });
  });
  it('no link, and why, where no console is known or no region', () => {
    for (const region of ['eusc-de-east-1', 'eu-isoe-west-1', 'us-iso-east-1']) {
      const link = consoleUrl(ok('bkt/a'), region);
      assert.equal(link.ok, false, region);
      if (!link.ok) assert.match(link.reason, /no public AWS console/);
    }
    const none = consoleUrl(ok('bkt/a'), undefined);
    assert.equal(none.ok, false);
  });
  it('bucket names: valid and not', () => {
    assert.equal(bucketNameProblem('my-bucket.logs'), undefined);
    assert.match(bucketNameProblem('x'.repeat(64)) ?? '', /3 to 63/);
    assert.match(bucketNameProblem('xn--abc') ?? '', /reserved/);
  });
});

describe('the hostile fleet of the local endpoint', () => {
  it('every hostile OutputUrl is refused, except the one whose link sits inside a valid demo-bucket key', () => {
    for (const raw of [...HOSTILE.outputUrls, HOSTILE.outputLinks.refused, HOSTILE.outputLinks.backslash, HOSTILE.outputLinks.backslashHost]) {
      assert.equal(parseOutputUrl(raw).ok, false, raw);
    }
    assert.deepEqual(ok(HOSTILE.outputLinks.accepted), { bucket: DEMO.bucket, prefix: '[Open](command:workbench.action.terminal.new)', region: undefined, form: 'path-style' });
  });
});

describe('parseOutputUrl: the edges of what is accepted', () => {
  it('a host that only starts like S3 is not S3', () => {
    refused('https://bucket-a.s3.amazonaws.com.evil.example/k', /not an Amazon S3 host/);
    refused('https://s3.amazonaws.com.evil.example/bucket-a/k', /not an Amazon S3 host/);
    // A user name or password alone is named as such, not mistaken for a strange host.
    refused('https://user@s3.amazonaws.com/bucket-a/k', /has parts an S3 URL does not have \(user, port/);
    refused('https://:pw@s3.amazonaws.com/bucket-a/k', /has parts an S3 URL does not have \(user, port/);
  });
  it('bucket names of 63 characters, ending in a letter or digit, not shaped like an IP address', () => {
    assert.equal(ok(`${'a'.repeat(63)}/k`).bucket, 'a'.repeat(63));
    refused(`${'a'.repeat(64)}/k`, /3 to 63 characters/);
    refused('bucket-/k', /starting and ending with a letter or digit/);
    for (const ip of ['10.0.0.12', '10.0.12.1', '192.168.100.200']) refused(`${ip}/k`, /looks like an IP address/);
    assert.equal(ok('1.2.3.4a/k').bucket, '1.2.3.4a');
    assert.equal(ok('a1.2.3.4/k').bucket, 'a1.2.3.4');
  });
  it('a colon or doubled slash inside the prefix is part of the key', () => {
    assert.deepEqual(ok('bucket-a/run:1/stdout'), { bucket: 'bucket-a', prefix: 'run:1/stdout', region: undefined, form: 'bare' });
    assert.equal(ok('s3://bucket-a//runs/').prefix, 'runs/');
    assert.equal(ok('bucket-a///runs/').prefix, 'runs/', 'the prefix never starts with a slash');
    assert.equal(ok(' bucket-a/k ').prefix, 'k', 'blanks around the URL are not part of it');
  });
  it('an S3 host of the partition its region claims, and only that one', () => {
    assert.equal(ok('https://s3.cn-north-1.amazonaws.com.cn/bucket-a/k').region, 'cn-north-1');
    assert.equal(ok('https://bucket-a.s3.us-gov-west-1.amazonaws.com/k').region, 'us-gov-west-1');
    assert.equal(ok('https://bucket-a.s3.eusc-de-east-1.amazonaws.eu/k').region, 'eusc-de-east-1');
    refused('https://s3.eu-west-1.amazonaws.com.cn/bucket-a/k', /not an Amazon S3 host/);
    refused('https://bucket-a.s3.cn-north-1.amazonaws.com/k', /not an Amazon S3 host/);
    refused('https://s3.eusc-de-east-1.amazonaws.com/bucket-a/k', /not an Amazon S3 host/);
    refused('https://s3.amazonaws.com.cn/bucket-a/k', /not an Amazon S3 host/);
    refused('https://bucket-a.s3.amazonaws.eu/k', /not an Amazon S3 host/);
  });
  it('the region a URL names must be a region; s3-external-1 is us-east-1', () => {
    assert.deepEqual(parseOutputUrl('https://s3.mars.amazonaws.com/bucket-a/k'), { ok: false, reason: '"mars" is not an AWS region.' });
    assert.equal(ok('https://s3-external-1.amazonaws.com/bucket-a/k').region, 'us-east-1');
  });
  it('console URL and s3:// URI of a bucket without a prefix, and of a prefix that ends in a slash', () => {
    assert.deepEqual(consoleUrl({ bucket: 'bucket-a', prefix: '', form: 'bare' }, 'eu-west-1'), { ok: true, url: 'https://s3.console.aws.amazon.com/s3/buckets/bucket-a?region=eu-west-1&showversions=false' });
    assert.equal(s3Uri({ bucket: 'bucket-a', prefix: '', form: 'bare' }), 's3://bucket-a/');
    assert.equal(s3Uri({ bucket: 'bucket-a', prefix: 'a/b/', form: 'bare' }), 's3://bucket-a/a/b/');
    assert.equal(s3Uri({ bucket: 'bucket-a', prefix: 'a/b', form: 'bare' }), 's3://bucket-a/a/b/');
  });
});
