// What the three readers share about the file's text: where an offset is (line and character, as
// VS Code counts them: 0-based, UTF-16 units) and how a written expression reads on one line.
import { clip } from '../core/text';
import type { TemplatePosition } from './definitions';

/** How long a computed name's text may be (WrittenName `computed`). */
export const COMPUTED_TEXT_MAX = 80;

/** Offsets → positions: the start of each line, found once, then a binary search per offset. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): TemplatePosition {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - this.starts[low] };
  }

  range(start: number, end: number): { start: TemplatePosition; end: TemplatePosition } {
    return { start: this.position(start), end: this.position(end) };
  }
}

/**
 * An expression as it reads, on one line: runs of white space (line breaks included) become one
 * space, then clipped. Not made safe for display: whoever shows it passes it through plainLine.
 */
export function oneLine(text: string): string {
  return clip(text.replace(/\s+/g, ' ').trim(), COMPUTED_TEXT_MAX);
}
