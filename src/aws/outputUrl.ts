// An association's OutputUrl is written by the SSM Agent on the node: untrusted. The extension opens
// only a console URL that it builds itself from a bucket name and prefix that passed validation.
// Bucket and prefix are read from the text as written, never from what a URL parser made of it
// (parsers turn "\" into "/" and resolve ".." segments); the parser only checks the host.
import { REGION_PATTERN } from '../core/region';
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

// s3.amazonaws.com, s3.eu-west-1.amazonaws.com, s3-eu-west-1.amazonaws.com, and with .com.cn for China.
const PATH_STYLE_HOST = /^s3(?:[.-]([a-z0-9-]+))?\.amazonaws\.com(?:\.cn)?$/;
const VIRTUAL_HOST = /^(.+)\.s3(?:[.-]([a-z0-9-]+))?\.amazonaws\.com(?:\.cn)?$/;

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
  if (region !== undefined && !REGION_PATTERN.test(region)) return { ok: false, reason: `${quoted(region)} is not an AWS region.` };
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
  const pathStyle = PATH_STYLE_HOST.exec(host);
  if (pathStyle) {
    const [bucket, prefix] = splitBucket(writtenPath);
    return located(bucket, prefix, 'path-style', regionOf(pathStyle[1]));
  }
  const virtual = VIRTUAL_HOST.exec(host);
  if (virtual) return located(virtual[1], writtenPath, 'virtual-hosted', regionOf(virtual[2]));
  return { ok: false, reason: `${quoted(host, 70)} is not an Amazon S3 host.` };
}

// s3.amazonaws.com names no region; s3.dualstack.x / s3-external-1 are not region names we build on.
function regionOf(part: string | undefined): string | undefined {
  if (part === undefined) return undefined;
  return part === 'external-1' ? 'us-east-1' : part;
}

/** The S3 console page of a location, built only from the validated bucket, prefix and region. */
export function consoleUrl(location: S3Location, fallbackRegion: string): string {
  const region = location.region ?? fallbackRegion;
  const query = [`region=${encodeURIComponent(region)}`];
  if (location.prefix) query.push(`prefix=${encodeURIComponent(location.prefix.endsWith('/') ? location.prefix : `${location.prefix}/`)}`);
  query.push('showversions=false');
  return `https://s3.console.aws.amazon.com/s3/buckets/${encodeURIComponent(location.bucket)}?${query.join('&')}`;
}

/** `s3://bucket/prefix/` (a folder, as the console link), for the clipboard and `aws s3 ls`. */
export function s3Uri(location: S3Location): string {
  const prefix = location.prefix && !location.prefix.endsWith('/') ? `${location.prefix}/` : location.prefix;
  return `s3://${location.bucket}/${prefix}`;
}
