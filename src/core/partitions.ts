// AWS regions and partitions as the SDK knows them: the partition data that @aws-sdk/core ships
// (the same partitions.json as botocore), not a pattern of our own. Commercial, China, GovCloud,
// the ISO partitions and the European Sovereign Cloud each have their region pattern and DNS suffix.
// The data is a plain object: the main bundle carries it (trimmed by esbuild.js to what is read
// here) without any SDK code.
import { partitionsInfo } from '#sdk-partitions';

/** A partition's ID as the SDK names it: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc… */
export type PartitionId = string;

/** One partition: what this extension reads of the SDK's data. */
export interface PartitionInfo {
  readonly id: PartitionId;
  /** The domain its endpoints end with (amazonaws.com, amazonaws.com.cn, amazonaws.eu…). */
  readonly dnsSuffix: string;
  readonly regionPattern: RegExp;
  /** The regions the data lists, without the "-global" pseudo-regions. */
  readonly regions: readonly string[];
}

/** The SDK's partitions, in the SDK's order. */
export const PARTITIONS: readonly PartitionInfo[] = partitionsInfo.partitions.map((p) => {
  const regionPattern = new RegExp(p.regionRegex);
  return { id: p.id, dnsSuffix: p.outputs.dnsSuffix, regionPattern, regions: Object.keys(p.regions).filter((r) => regionPattern.test(r)) };
});

/**
 * The partition of a region name, or undefined when it is not a region of any partition. As the SDK
 * decides (its `partition()`): a listed region first, then the first partition whose pattern matches,
 * so a region launched after this build (eu-west-9) is still known; but no fallback to `aws`.
 */
export function partitionOfRegion(region: string): PartitionInfo | undefined {
  return PARTITIONS.find((p) => p.regions.includes(region)) ?? PARTITIONS.find((p) => p.regionPattern.test(region));
}

/** True for a region name of any partition (eu-west-1, cn-north-1, us-gov-west-1, eusc-de-east-1…). */
export function isRegion(value: string): boolean {
  return partitionOfRegion(value) !== undefined;
}

/** Every region the SDK's data lists, partition by partition. */
export function knownRegions(): { region: string; partition: PartitionId }[] {
  return PARTITIONS.flatMap((p) => p.regions.map((region) => ({ region, partition: p.id })));
}
