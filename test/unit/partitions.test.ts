// Regions and partitions come from the SDK's own partition data: these tests walk that data itself
// (every partition, every region it lists) and hold the extension's answers against the SDK's
// partition() function, so a new partition or region in an SDK update is covered without an edit here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { partition as sdkPartition } from '@aws-sdk/core/client';
import { partitionsInfo } from '#sdk-partitions';
import { parseOutputUrl } from '../../src/aws/outputUrl';
import { arnPartition, associationConsoleUrl, nodeConsoleUrl, partitionOf, s3Arn } from '../../src/core/console';
import { PARTITIONS, isRegion, knownRegions, partitionOfRegion } from '../../src/core/partitions';
import { parseSettings } from '../../src/core/settings';
import { parseNodes } from '../../src/core/nodeEntries';

const CONSOLE_HOSTS: Record<string, RegExp> = {
  aws: /^https:\/\/([a-z0-9-]+)\.console\.aws\.amazon\.com\//,
  'aws-cn': /^https:\/\/console\.amazonaws\.cn\//,
  'aws-us-gov': /^https:\/\/console\.amazonaws-us-gov\.com\//,
};

const ASSOC = '8c6b8f0e-5f5e-4a3b-9c2d-1e2f3a4b5c6d';

/** Every region the SDK's data lists, with its partition, without the "-global" pseudo-regions. */
const DATA = partitionsInfo.partitions.flatMap((p) => Object.keys(p.regions).filter((r) => new RegExp(p.regionRegex).test(r)).map((region) => ({ region, partition: p.id, dnsSuffix: p.outputs.dnsSuffix })));

describe('partitions from the SDK data', () => {
  it('are the SDK’s, in its order, each with its listed regions', () => {
    assert.deepEqual(PARTITIONS.map((p) => p.id), partitionsInfo.partitions.map((p) => p.id));
    assert.ok(PARTITIONS.length >= 8, 'aws, aws-cn, aws-us-gov, the ISO partitions and aws-eusc');
    assert.deepEqual(knownRegions(), DATA.map(({ region, partition }) => ({ region, partition })));
    for (const p of partitionsInfo.partitions) assert.ok(PARTITIONS.find((q) => q.id === p.id)!.regions.length > 0, `${p.id} lists regions`);
  });

  it('every listed region is a region, of the partition the SDK itself names', () => {
    for (const { region, partition } of DATA) {
      assert.equal(isRegion(region), true, region);
      assert.equal(partitionOf(region), partition, region);
      assert.equal(sdkPartition(region).name, partition, `${region}: the SDK agrees`);
    }
  });

  it('a region launched after this build is known by its partition’s pattern; names of no partition are not regions', () => {
    assert.equal(partitionOf('eu-west-9'), 'aws');
    assert.equal(partitionOf('eusc-de-west-7'), 'aws-eusc');
    assert.equal(partitionOf('cn-south-3'), 'aws-cn');
    for (const bad of ['mars', 'evil.com/#', 'EU-WEST-1', 'eu-west', 'eu-west-1 ', 'aws-global', 'aws-cn-global', '', 'us-east-1.evil']) {
      assert.equal(isRegion(bad), false, JSON.stringify(bad));
    }
  });

  it('the European Sovereign Cloud and ISO-E regions: regions of their own partitions, not commercial', () => {
    assert.equal(partitionOf('eusc-de-east-1'), 'aws-eusc');
    assert.equal(partitionOfRegion('eusc-de-east-1')?.dnsSuffix, 'amazonaws.eu');
    assert.equal(partitionOf('eu-isoe-west-1'), 'aws-iso-e');
    assert.equal(s3Arn('eu-isoe-west-1', 'b'), 'arn:aws-iso-e:s3:::b');
    assert.equal(s3Arn('eusc-de-east-1', 'b'), 'arn:aws-eusc:s3:::b');
    assert.equal(parseSettings({ region: 'eusc-de-east-1' }).region, 'eusc-de-east-1');
    assert.deepEqual(parseNodes([{ id: 'i-0123456789abcdef0', region: 'eusc-de-east-1' }]).warnings, []);
  });

  it('every region: the ARN partition, a console link only where a console is known, an S3 host only of its own partition', () => {
    const suffixes = [...new Set(DATA.map((d) => d.dnsSuffix))];
    for (const { region, partition, dnsSuffix } of DATA) {
      assert.equal(arnPartition(region), partition);
      const links = [associationConsoleUrl(ASSOC, region), nodeConsoleUrl('i-0123456789abcdef0', region)];
      for (const link of links) {
        if (CONSOLE_HOSTS[partition]) {
          assert.ok(link.ok, `${region}: ${link.ok ? '' : link.reason}`);
          const host = CONSOLE_HOSTS[partition].exec(link.url);
          assert.ok(host, `${region}: ${link.url}`);
          if (partition === 'aws') assert.equal(host[1], region);
          assert.ok(link.url.endsWith(`?region=${region}`), link.url);
        } else {
          assert.equal(link.ok, false, `${region} (${partition}) has no known console`);
          if (!link.ok) assert.match(link.reason, new RegExp(`^${region} is in .*no public AWS console`));
        }
      }
      const own = parseOutputUrl(`https://bucket-a.s3.${region}.${dnsSuffix}/k`);
      assert.ok(own.ok && own.location.region === region, `${region}.${dnsSuffix}`);
      for (const other of suffixes.filter((s) => s !== dnsSuffix)) {
        assert.equal(parseOutputUrl(`https://s3.${region}.${other}/bucket-a/k`).ok, false, `${region} under ${other}`);
      }
    }
  });
});
