// Parsing a whole YAML template costs the `yaml` package about 0.1 ms a line (a 5,000-line template
// took 80–400 ms on a loaded machine, bench/templates.ts): over the bound for lenses that follow each
// edit. Only the resources that name `AWS::SSM::Association` matter, and in block style each is the
// run of lines from its logical ID (at the resources' indentation, under the column-0 `Resources:`
// key) to the next one. So the parser is given those runs alone, each as a document of its own (an
// indented mapping is one): a resource half typed cannot spoil the others either.
//
// The whole text is parsed instead when this is not sound: no single column-0 block `Resources:` key
// (a flow-style template, a key written twice), or an alias (`*name`) anywhere under it (its anchor,
// or the resource whose Type a merge key brings in, could be on a line left out).
import { ASSOCIATION_TYPE } from './cloudFormation';

const RESOURCES_KEY = /^Resources[ \t]*:[ \t]*(#.*)?$/;
/** An alias: `*` then an anchor's name (taken to start with a letter, digit or `_`), where a node can start: not `cron(0 2 ? * SUN *)`, not `'*'`. */
const ALIAS = /(^|[\s[{,:-])\*\w/;

function isContent(line: string): boolean {
  const trimmed = line.trim();
  return trimmed !== '' && !trimmed.startsWith('#');
}

/** A resource's lines, as they are in the text, and where they start. */
export interface ResourceLines {
  readonly offset: number;
  readonly text: string;
}

/** The association resources' lines; undefined when the whole text must be parsed. */
export function associationResources(text: string): ResourceLines[] | undefined {
  const lines = text.split('\n');
  const starts = lines.flatMap((line, i) => (RESOURCES_KEY.test(line.replace(/\r$/, '')) ? [i] : []));
  if (starts.length !== 1) return undefined;
  const first = starts[0] + 1;
  // The section ends at the next line that starts at column 0 (a comment or a tab-indented line does not end it).
  let end = first;
  while (end < lines.length && !(isContent(lines[end]) && /^[^\s#]/.test(lines[end]))) end++;
  const section = lines.slice(first, end);
  if (section.some((line) => ALIAS.test(line))) return undefined;
  const indentOf = (line: string) => /^ */.exec(line)![0].length;
  const firstContent = section.find(isContent);
  if (firstContent === undefined) return [];
  const indent = indentOf(firstContent);
  if (indent === 0 || /^\s*[-{[]/.test(firstContent)) return undefined;
  const startsResource = (line: string) => isContent(line) && indentOf(line) === indent && line[indent] !== '\t';
  let offset = lines.slice(0, first).reduce((sum, line) => sum + line.length + 1, 0);
  const found: ResourceLines[] = [];
  // Each resource: from a line at the resources' indentation to the next (the lines before the first are comments).
  for (let i = 0; i < section.length; ) {
    let next = i + 1;
    while (next < section.length && !startsResource(section[next])) next++;
    const resource = section.slice(i, next).join('\n');
    if (resource.includes(ASSOCIATION_TYPE)) found.push({ offset, text: resource });
    offset += resource.length + 1;
    i = next;
  }
  return found;
}
