// Links into the AWS Management Console and ARNs, built only from IDs and a region that passed
// validation: an association ID, node ID or region that came from AWS never reaches a URL unchecked.
// Regions and partitions come from the SDK's partition data (partitions.ts); which partitions have
// a public console, and at which host, is the one thing known here (test/emulator/README.md cites it).
import { NODE_ID_PATTERN } from './nodeIds';
import { type PartitionId, partitionOfRegion } from './partitions';
import { quoted } from './text';

/** The AssociationId pattern of the SSM API (a UUID). */
export const ASSOCIATION_ID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The partitions with a public console, its origin (commercial consoles are served per region), and the S3 console's. */
const CONSOLES: Readonly<Record<string, { origin: (region: string) => string; s3: string }>> = {
  aws: { origin: (region) => `https://${region}.console.aws.amazon.com`, s3: 'https://s3.console.aws.amazon.com' },
  'aws-cn': { origin: () => 'https://console.amazonaws.cn', s3: 'https://console.amazonaws.cn' },
  'aws-us-gov': { origin: () => 'https://console.amazonaws-us-gov.com', s3: 'https://console.amazonaws-us-gov.com' },
};

/** How a partition is named in messages. */
const PARTITION_NAMES: Readonly<Record<string, string>> = {
  aws: 'the commercial AWS partition',
  'aws-cn': 'AWS China',
  'aws-us-gov': 'AWS GovCloud (US)',
  'aws-eusc': 'the AWS European Sovereign Cloud',
};

/** The partition of a region (aws, aws-cn, aws-us-gov, aws-iso-e, aws-eusc…), or undefined for what is no region. */
export function partitionOf(region: string): PartitionId | undefined {
  return partitionOfRegion(region)?.id;
}

/** A console link, or why none can be built. */
export type ConsoleLink = { ok: true; url: string } | { ok: false; reason: string };

type Checked = { ok: true; region: string; partition: PartitionId } | { ok: false; reason: string };

/** The region checked for a console link: a region of a partition whose console is known. */
function consoleRegion(region: string | undefined): Checked {
  if (!region) return { ok: false, reason: "No region is known for this node: set one with Select Region or in the node's settings." };
  const partition = partitionOf(region);
  if (partition === undefined) return { ok: false, reason: `${quoted(region)} is not an AWS region name.` };
  if (!CONSOLES[partition]) {
    return { ok: false, reason: `${region} is in ${PARTITION_NAMES[partition] ?? `the ${partition} partition`}, which has no public AWS console the extension knows: no link is built.` };
  }
  return { ok: true, region, partition };
}

/**
 * The region a node's console link is for: the one its requests use, its own or the settings' region,
 * else its profile's (resolveRegion reads the profile files as the SDK does).
 */
export async function consoleRegionOf(
  target: { readonly profile?: string; readonly region?: string },
  resolveRegion: (profile: string | undefined, explicit?: string) => Promise<string | undefined>,
): Promise<string | undefined> {
  return target.region ?? (await resolveRegion(target.profile, target.region));
}

/** The State Manager page of an association (its description, with Execution history a tab away). */
export function associationConsoleUrl(associationId: string, region: string | undefined): ConsoleLink {
  const checked = consoleRegion(region);
  if (!checked.ok) return checked;
  if (!ASSOCIATION_ID_PATTERN.test(associationId)) return { ok: false, reason: 'The association ID is not a UUID, so no console link is built from it.' };
  const origin = CONSOLES[checked.partition].origin(checked.region);
  return { ok: true, url: `${origin}/systems-manager/state-manager/${associationId.toLowerCase()}/description?region=${checked.region}` };
}

/** The Fleet Manager page of a managed node. */
export function nodeConsoleUrl(nodeId: string, region: string | undefined): ConsoleLink {
  const checked = consoleRegion(region);
  if (!checked.ok) return checked;
  if (!NODE_ID_PATTERN.test(nodeId)) return { ok: false, reason: 'The node ID is not a managed-node ID, so no console link is built from it.' };
  const origin = CONSOLES[checked.partition].origin(checked.region);
  return { ok: true, url: `${origin}/systems-manager/fleet-manager/managed-nodes/${nodeId}/general?region=${checked.region}` };
}

/** The S3 console of a bucket, at a prefix (a folder) when one is given; the bucket and prefix must be validated already. */
export function s3ConsoleUrl(bucket: string, prefix: string, region: string | undefined): ConsoleLink {
  const checked = consoleRegion(region);
  if (!checked.ok) return checked;
  const query = [`region=${encodeURIComponent(checked.region)}`];
  if (prefix) query.push(`prefix=${encodeURIComponent(prefix.endsWith('/') ? prefix : `${prefix}/`)}`);
  query.push('showversions=false');
  return { ok: true, url: `${CONSOLES[checked.partition].s3}/s3/buckets/${encodeURIComponent(bucket)}?${query.join('&')}` };
}

/** The partition for ARNs in messages ("aws" when the region is unknown: messages only, never a link). */
export function arnPartition(region: string | undefined): PartitionId {
  return (region && partitionOf(region)) || 'aws';
}

/** The ARN of an S3 bucket, or of an object/prefix in it, for "grant s3:GetObject on …" messages. */
export function s3Arn(region: string | undefined, bucket: string, key?: string): string {
  return `arn:${arnPartition(region)}:s3:::${bucket}${key === undefined ? '' : `/${key}`}`;
}
