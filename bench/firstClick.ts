// Item 6's first-click bounds, from the clicks the real editor timed (bench/editorBench.ts). What the
// extension controls, not what VS Code pays for the window's first expansion of any tree node:
//  - the first click after a start-up ÷ the control's first click (a start-up in which another node
//    was expanded and collapsed first, so the window's first expansion is paid before the click);
//  - the extension host's share of a first click (the extension's own time for the click's request,
//    from its log line, minus the endpoint's time for it) against the same share of a later click.
import type { Row } from './report';
import { median, ms } from './stats';

export const FIRST_CLICK_RATIO_BOUND = 1.25;
export const HOST_SHARE_BOUND_MS = 20;

/** One timed click on the node. */
export interface TimedClick {
  /** first: the first click after a start-up; later: a later click of that start-up; control: the first click after another node was expanded first. */
  readonly kind: 'first' | 'later' | 'control';
  /** mousedown → first frame with a child row. */
  readonly ms: number;
  /** Requests for the node the endpoint received. */
  readonly requests: number;
  /** mousedown → request at the endpoint, and answer sent → first frame (the endpoint's clock is this machine's). */
  readonly before?: number;
  readonly after?: number;
  /** The extension's own time for the request (its log line "… N ms"), and the endpoint's own time for it (server side). */
  readonly extensionMs?: number;
  readonly endpointMs?: number;
}

/** The extension host's share of a click: its own time for the request minus the endpoint's. */
export function hostShare(click: TimedClick): number | undefined {
  return click.extensionMs !== undefined && click.endpointMs !== undefined ? click.extensionMs - click.endpointMs : undefined;
}

/** The figure with each sample of `a`, then of `b`, left out in turn: its lowest and highest value (how much one start-up moves it). */
export function leaveOneOut(a: readonly number[], b: readonly number[], figure: (a: readonly number[], b: readonly number[]) => number): { low: number; high: number } {
  const values: number[] = [];
  for (let i = 0; i < a.length; i++) if (a.length > 1) values.push(figure([...a.slice(0, i), ...a.slice(i + 1)], b));
  for (let i = 0; i < b.length; i++) if (b.length > 1) values.push(figure(a, [...b.slice(0, i), ...b.slice(i + 1)]));
  if (values.length === 0) values.push(figure(a, b));
  return { low: Math.min(...values), high: Math.max(...values) };
}

const of = (clicks: readonly TimedClick[], kind: TimedClick['kind']) => clicks.filter((c) => c.kind === kind);
const shown = (values: readonly number[]) => values.map((v) => v.toFixed(0)).join(', ');

/** The two rows of item 6 from every timed click (start-ups interleaved: first, later…, control, first, …). */
export function firstClickRows(clicks: readonly TimedClick[], latencyMs: number): Row[] {
  const firsts = of(clicks, 'first');
  const laters = of(clicks, 'later');
  const controls = of(clicks, 'control');
  const oneEach = clicks.every((c) => c.requests === 1);
  const f = firsts.map((c) => c.ms);
  const k = controls.map((c) => c.ms);
  const ratioOf = (a: readonly number[], b: readonly number[]) => median(a) / median(b);
  const ratio = ratioOf(f, k);
  const ratioRange = leaveOneOut(f, k, ratioOf);
  const split = (c: TimedClick) => (c.before !== undefined && c.after !== undefined ? `${c.before.toFixed(0)}+${c.after.toFixed(0)}` : '?');
  const rows: Row[] = [
    {
      item: '6',
      metric: `First click after start-up ÷ the control's first click (another node expanded first), real editor, endpoint at ${latencyMs} ms`,
      figure: `${ratio.toFixed(2)}× (${ms(median(f))} vs ${ms(median(k))})`,
      bound: `≤ ${FIRST_CLICK_RATIO_BOUND}×`,
      pass: f.length > 0 && k.length > 0 && ratio <= FIRST_CLICK_RATIO_BOUND && oneEach,
      value: ratio,
      samples: f,
      note:
        `medians of ${f.length} first clicks (${shown(f)} ms) and ${k.length} control first clicks (${shown(k)} ms), start-ups interleaved; ` +
        `with any one start-up left out: ${ratioRange.low.toFixed(2)}–${ratioRange.high.toFixed(2)}×; ` +
        `first ÷ later click ${(median(f) / median(laters.map((c) => c.ms))).toFixed(2)}×, control ÷ later ${(median(k) / median(laters.map((c) => c.ms))).toFixed(2)}× (what the window's first expansion costs); ` +
        `outside the endpoint's ${latencyMs} ms, mousedown → request at the endpoint + answer sent → first frame: first ${firsts.map(split).join(', ')}; control ${controls.map(split).join(', ')}; later ${laters.map(split).join(', ')} ms`,
    },
  ];
  const share = (list: readonly TimedClick[]) => list.map(hostShare).filter((v) => v !== undefined);
  const sf = share(firsts);
  const sl = share(laters);
  const measured = sf.length === firsts.length && sl.length === laters.length && sf.length > 0 && sl.length > 0;
  const more = median(sf) - median(sl);
  const moreRange = leaveOneOut(sf, sl, (a, b) => median(a) - median(b));
  rows.push({
    item: '6',
    metric: "Extension host's share of a first click (its own time for the request − the endpoint's), more than a later click's",
    figure: measured ? `${more >= 0 ? '+' : ''}${ms(more)} (${ms(median(sf))} vs ${ms(median(sl))})` : `not measured (${sf.length} of ${firsts.length} first, ${sl.length} of ${laters.length} later clicks had a log line)`,
    bound: `≤ ${HOST_SHARE_BOUND_MS} ms more`,
    pass: measured && more <= HOST_SHARE_BOUND_MS,
    value: more,
    samples: sf,
    note:
      `the extension's "DescribeInstanceAssociationsStatus … N ms" log line (credentials, signing, the request, parsing the rows) minus the endpoint's own time for that request (server side, ${latencyMs} ms latency included); ` +
      `first clicks ${shown(sf)} ms, later ${shown(sl)} ms, control ${shown(share(controls))} ms; with any one click left out: ${moreRange.low.toFixed(1)} to ${moreRange.high.toFixed(1)} ms`,
  });
  return rows;
}
