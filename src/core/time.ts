const UNITS: [limitSeconds: number, divisor: number, unit: Intl.RelativeTimeFormatUnit][] = [
  [60, 1, 'second'],
  [3600, 60, 'minute'],
  [86400, 3600, 'hour'],
  [86400 * 30, 86400, 'day'],
  [86400 * 365, 86400 * 30, 'month'],
  [Infinity, 86400 * 365, 'year'],
];

// English like the rest of the extension's text; 'always' keeps "1 day ago" (not "yesterday").
// Made on first use: creating it loads ICU data, which would cost activation ~100 ms.
let format: Intl.RelativeTimeFormat | undefined;

/** "3 minutes ago", "just now", "in 2 hours" (clock skew); empty for a missing or invalid date. */
export function relativeTime(date: Date | undefined, now: number = Date.now()): string {
  if (!date || Number.isNaN(date.getTime())) return '';
  const seconds = Math.round((now - date.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 10) return 'just now';
  const [, divisor, unit] = UNITS.find(([limit]) => abs < limit) ?? UNITS[UNITS.length - 1];
  const n = Math.floor(abs / divisor);
  format ??= new Intl.RelativeTimeFormat('en', { numeric: 'always' });
  return format.format(seconds >= 0 ? -n : n, unit);
}

/**
 * A date field of an AWS answer as a Date: the SDK gives a Date; epoch seconds (the wire's form, e.g.
 * 1581948052.198) are accepted too. Anything else, or an invalid date, is undefined: the answer is untrusted.
 */
export function awsDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000);
  return undefined;
}
