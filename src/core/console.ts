// Links into the AWS Management Console and ARNs, built only from IDs and a region that passed
// validation: an association ID, node ID or region that came from AWS never reaches a URL unchecked.
import { NODE_ID_PATTERN } from './nodeIds';
import { REGION_PATTERN as REGION } from './region';
import { quoted } from './text';

/** The AWS partitions whose consoles the extension links to. */
export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

/** The AssociationId pattern of the SSM API (a UUID). */
export const ASSOCIATION_ID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The partition of a region, or undefined for a region with no public console (ISO regions) or no region at all. */
export function partitionOf(region: string): Partition | undefined {
  if (!REGION.test(region)) return undefined;
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso')) return undefined;
  return 'aws';
}

// The console host of each partition; commercial consoles are served per region.
function consoleOrigin(partition: Partition, region: string): string {
  switch (partition) {
    case 'aws':
      return `https://${region}.console.aws.amazon.com`;
    case 'aws-cn':
      return 'https://console.amazonaws.cn';
    case 'aws-us-gov':
      return 'https://console.amazonaws-us-gov.com';
  }
}

/** A console link, or why none can be built. */
export type ConsoleLink = { ok: true; url: string } | { ok: false; reason: string };

function regionProblem(region: string | undefined): string | undefined {
  if (!region) return 'No region is known for this node: set one with Select Region or in the node\'s settings.';
  if (!REGION.test(region)) return `${quoted(region)} is not an AWS region name.`;
  if (partitionOf(region) === undefined) return `${region} has no public AWS console the extension can link to.`;
  return undefined;
}

/** The State Manager page of an association (its description, with Execution history a tab away). */
export function associationConsoleUrl(associationId: string, region: string | undefined): ConsoleLink {
  const problem = regionProblem(region);
  if (problem) return { ok: false, reason: problem };
  if (!ASSOCIATION_ID_PATTERN.test(associationId)) return { ok: false, reason: 'The association ID is not a UUID, so no console link is built from it.' };
  const r = region as string;
  return { ok: true, url: `${consoleOrigin(partitionOf(r) as Partition, r)}/systems-manager/state-manager/${associationId.toLowerCase()}/description?region=${r}` };
}

/** The Fleet Manager page of a managed node. */
export function nodeConsoleUrl(nodeId: string, region: string | undefined): ConsoleLink {
  const problem = regionProblem(region);
  if (problem) return { ok: false, reason: problem };
  if (!NODE_ID_PATTERN.test(nodeId)) return { ok: false, reason: 'The node ID is not a managed-node ID, so no console link is built from it.' };
  const r = region as string;
  return { ok: true, url: `${consoleOrigin(partitionOf(r) as Partition, r)}/systems-manager/fleet-manager/managed-nodes/${nodeId}/general?region=${r}` };
}

/** The partition for ARNs in messages ("aws" when the region is unknown: messages only, never a link). */
export function arnPartition(region: string | undefined): Partition {
  return (region && partitionOf(region)) || 'aws';
}

/** The ARN of an S3 bucket, or of an object/prefix in it, for "grant s3:GetObject on …" messages. */
export function s3Arn(region: string | undefined, bucket: string, key?: string): string {
  return `arn:${arnPartition(region)}:s3:::${bucket}${key === undefined ? '' : `/${key}`}`;
}
