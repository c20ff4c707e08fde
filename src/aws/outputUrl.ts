// An association's OutputUrl is written by the SSM Agent on the node: untrusted. The extension opens
// only a console URL that it builds itself from a bucket name and prefix that passed validation.
// Bucket and prefix are read from the text as written, never from what a URL parser made of it
// (parsers turn "\" into "/" and resolve ".." segments); the parser only checks the host.
import { type ConsoleLink, s3ConsoleUrl } from '../core/console';
import { PARTITIONS, isRegion, partitionOfRegion } from '../core/partitions';
import { quoted } from '../core/text';

/** An S3 location the extension may open. */
export interface S3Location {
  readonly bucket: string;
  /** Object key prefix, without a leading slash; may be empty. */
  readonly prefix: string;
  /** The region named by the URL, when it names one. */
  readonly region?: string;
  /** Which of the accepted forms it came in. */
  readonly form: 'bare' | 's3-uri' | 'path-style' | 'virtual-hosted';
}

export type ParsedOutputUrl = { ok: true; location: S3Location } | { ok: false; reason: string };

/** An S3 host as written: the bucket (virtual-hosted), the region it names, or why it is not an S3 host. */
type S3Host = { ok: true; bucket?: string; region?: string } | { ok: false; reason?: string };

/**
 * Reads an S3 endpoint host of the region's own partition (the SDK's partition data):
 * `[bucket.]s3.<region>.<suffix>`, the older `s3-<region>.<suffix>`, and the global `s3.amazonaws.com`
 * (and `s3-external-1.amazonaws.com`, us-east-1) of the commercial partition. A host whose suffix is
 * not its region's partition's (`s3.eu-west-1.amazonaws.com.cn`) is no S3 host.
 */
function s3Host(host: string): S3Host {
  // Longest suffix first: amazonaws.com.cn before amazonaws.com.
  for (const suffix of [...new Set(PARTITIONS.map((p) => p.dnsSuffix))].sort((a, b) => b.length - a.length)) {
    if (!host.endsWith(`.${suffix}`)) continue;
    const labels = host.slice(0, -suffix.length - 1);
    const match = /^(?:(.+)\.)?s3(?:[.-]([a-z0-9-]+))?$/.exec(labels);
    if (!match) return { ok: false };
    const [, bucket, named] = match;
    if (named === undefined || named === 'external-1') return suffix === 'amazonaws.com' ? { ok: true, bucket, region: named && 'us-east-1' } : { ok: false };
    const partition = partitionOfRegion(named);
    if (!partition) return { ok: false, reason: `${quoted(named)} is not an AWS region.` };
    return partition.dnsSuffix === suffix ? { ok: true, bucket, region: named } : { ok: false, reason: `${quoted(host, 70)} is not an Amazon S3 host: ${named} is in ${partition.id}, whose hosts end in ${partition.dnsSuffix}.` };
  }
  return { ok: false };
}

/** Why `name` is not a valid general-purpose S3 bucket name, or undefined when it is one. */
export function bucketNameProblem(name: string): string | undefined {
  const bucket = quoted(name, 70);
  if (name.length < 3 || name.length > 63) return `${bucket} is not a valid bucket name: it must be 3 to 63 characters long.`;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) {
    return `${bucket} is not a valid bucket name: only lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.`;
  }
  if (name.includes('..')) return `${bucket} is not a valid bucket name: it has two dots in a row.`;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return `${bucket} is not a valid bucket name: it looks like an IP address.`;
  if (name.startsWith('xn--') || name.startsWith('sthree-') || name.endsWith('-s3alias') || name.endsWith('--ol-s3')) {
    return `${bucket} is not a valid bucket name: it uses a reserved prefix or suffix.`;
  }
  return undefined;
}

function prefixProblem(prefix: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\u0000-\u001F\u007F\\]/.test(prefix)) return 'The key prefix contains control characters or backslashes.';
  if (prefix.split('/').some((segment) => segment === '..' || segment === '.')) return 'The key prefix contains "." or ".." path segments.';
  return undefined;
}

function decode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

function located(bucket: string, rawPrefix: string, form: S3Location['form'], region?: string): ParsedOutputUrl {
  const bucketProblem = bucketNameProblem(bucket);
  if (bucketProblem) return { ok: false, reason: bucketProblem };
  if (region !== undefined && !isRegion(region)) return { ok: false, reason: `${quoted(region)} is not an AWS region.` };
  const prefix = decode(rawPrefix.replace(/^\/+/, ''));
  if (prefix === undefined) return { ok: false, reason: 'The key prefix is not valid percent-encoding.' };
  const problem = prefixProblem(prefix);
  if (problem) return { ok: false, reason: problem };
  return { ok: true, location: { bucket, prefix, region, form } };
}

function splitBucket(path: string): [string, string] {
  const slash = path.indexOf('/');
  return slash === -1 ? [path, ''] : [path.slice(0, slash), path.slice(slash + 1)];
}

/**
 * Parses an OutputUrl in one of the four forms the SSM Agent and service use — `bucket/prefix`,
 * `s3://bucket/prefix`, `https://s3[.region].amazonaws.com/bucket/prefix` and
 * `https://bucket.s3[.region].amazonaws.com/prefix` — and refuses everything else with a reason.
 */
export function parseOutputUrl(raw: string | undefined): ParsedOutputUrl {
  if (raw === undefined || raw.trim() === '') return { ok: false, reason: 'This association has no S3 output URL.' };
  const text = raw.trim();
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\s\u0000-\u001F\u007F-\u009F]/.test(text)) return { ok: false, reason: 'The output URL contains spaces or control characters.' };
  // The agent joins bucket and prefix with "/" on every platform; a "\" is read as "/" by URL parsers
  // and by the console, so it could step out of the prefix or into another host or bucket.
  if (text.includes('\\')) return { ok: false, reason: 'The output URL contains a backslash (\\).' };
  // Schemes are case-insensitive (RFC 3986): S3:// and HTTPS:// are taken like s3:// and https://.
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(text)?.[1].toLowerCase();
  if (scheme === undefined) {
    const [bucket, prefix] = splitBucket(text);
    return located(bucket, prefix, 'bare');
  }
  if (scheme !== 's3' && scheme !== 'https') return { ok: false, reason: `Only s3:// and https:// S3 URLs are opened, not ${quoted(`${scheme}:`, 40)}.` };
  const afterScheme = text.slice(scheme.length + 1);
  if (!afterScheme.startsWith('//')) return { ok: false, reason: `An ${scheme}: URL must start with ${scheme}://.` };
  if (scheme === 's3') {
    const [bucket, prefix] = splitBucket(afterScheme.slice(2));
    return located(bucket, prefix, 's3-uri');
  }
  const [writtenHost, writtenPath] = splitBucket(afterScheme.slice(2));
  if (/[?#]/.test(writtenPath)) return { ok: false, reason: 'The output URL has parts an S3 URL does not have (user, port, query or fragment).' };
  if (writtenPath.split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment))) {
    return { ok: false, reason: 'The key prefix contains "." or ".." path segments.' };
  }
  let url: URL;
  try {
    url = new URL(`https://${writtenHost}/`);
  } catch {
    return { ok: false, reason: 'The output URL is not a valid URL.' };
  }
  if (url.username || url.password || url.port || url.search || url.hash) {
    return { ok: false, reason: `The output URL has parts an S3 URL does not have (user, port, query or fragment).` };
  }
  // The host as written, not only as parsed: a parser that read more or less of it than we did
  // would mean the rest of the URL is not what we think.
  const host = url.hostname;
  if (host !== writtenHost.toLowerCase()) return { ok: false, reason: `${quoted(writtenHost, 70)} is not an Amazon S3 host.` };
  const s3 = s3Host(host);
  if (!s3.ok) return { ok: false, reason: s3.reason ?? `${quoted(host, 70)} is not an Amazon S3 host.` };
  if (s3.bucket !== undefined) return located(s3.bucket, writtenPath, 'virtual-hosted', s3.region);
  const [bucket, prefix] = splitBucket(writtenPath);
  return located(bucket, prefix, 'path-style', s3.region);
}

/**
 * The S3 console page of a location in the bucket's region (the region the URL names wins), on the
 * console of that region's partition; no link for a partition without a known console.
 */
export function consoleUrl(location: S3Location, bucketRegion: string | undefined): ConsoleLink {
  return s3ConsoleUrl(location.bucket, location.prefix, location.region ?? bucketRegion);
}

/** `s3://bucket/prefix/` (a folder, as the console link), for the clipboard and `aws s3 ls`. */
export function s3Uri(location: S3Location): string {
  const prefix = location.prefix && !location.prefix.endsWith('/') ? `${location.prefix}/` : location.prefix;
  return `s3://${location.bucket}/${prefix}`;
}
