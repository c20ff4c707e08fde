/**
 * The filter lists of ListAssociations (AssociationFilterList), DescribeAssociationExecutions and
 * DescribeAssociationExecutionTargets (Filters), read as the service model shapes them: a list of
 * structures, each with a key from an enum and a value of at least one character. The members are
 * named `key`/`value` in AssociationFilter and `Key`/`Value` in the other two (service model).
 */
import { ApiError } from './errors.js';
import { type Json, shown } from './operations.js';

/** One filter list's shape in the service model. */
export interface FilterListShape<K extends string> {
  /** The list's name in the request (the SerializationException when it is not a list). */
  readonly list: string;
  /** The list as the validation messages name it (lower camel case). */
  readonly at: string;
  /** The members' names in the model. */
  readonly members: readonly ['key', 'value'] | readonly ['Key', 'Value'];
  /** The key's enum. */
  readonly keys: readonly K[];
  /** The model's `min: 1` on the list. */
  readonly atLeastOne?: boolean;
  /** The enum of the `Type` member, where the filter has one (DescribeAssociationExecutions). */
  readonly types?: readonly string[];
}

/** A filter whose key and value satisfy the model. */
export interface ListedFilter<K extends string> {
  key: K;
  value: string;
  /** Where the shape has `types`. */
  type?: string;
}

/**
 * The filters of `raw` (none when it is absent or null), each given to `rest` once its key and value
 * (and type) satisfy the model and nothing before it failed; `rest` checks what its operation asks
 * more of it (a time, a type that fits the key) onto the problems and returns it as the operation keeps it. Problems go onto `problems`:
 * the caller throws them as one ValidationException, with its own.
 */
export function readFilterList<K extends string, F = ListedFilter<K>>(
  raw: unknown,
  shape: FilterListShape<K>,
  problems: string[],
  rest: (filter: ListedFilter<K>, at: string) => F = (filter) => filter as F,
): F[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new ApiError('SerializationException', `Expected a list for ${shape.list}`, 400, 'none');
  if (shape.atLeastOne && raw.length === 0) problems.push(`Value '[]' at '${shape.at}' failed to satisfy constraint: Member must have length greater than or equal to 1`);
  const [keyName, valueName] = shape.members;
  const out: F[] = [];
  raw.forEach((member: Json, i) => {
    const at = `${shape.at}.${i + 1}.member`;
    const key = member?.[keyName];
    const value = member?.[valueName];
    if (typeof key !== 'string' || !(shape.keys as readonly string[]).includes(key)) {
      problems.push(`Value ${shown(key)} at '${at}.key' failed to satisfy constraint: Member must satisfy enum value set: [${shape.keys.join(', ')}]`);
    }
    if (typeof value !== 'string' || value.length < 1) problems.push(`Value ${shown(value)} at '${at}.value' failed to satisfy constraint: Member must have length greater than or equal to 1`);
    const type = shape.types && member?.Type;
    if (shape.types && (typeof type !== 'string' || !shape.types.includes(type))) {
      problems.push(`Value ${shown(type)} at '${at}.type' failed to satisfy constraint: Member must satisfy enum value set: [${shape.types.join(', ')}]`);
    }
    if (problems.length) return;
    out.push(rest({ key: key as K, value: value as string, ...(shape.types ? { type: type as string } : {}) }, at));
  });
  return out;
}

/** A filter's value as a time (ms), the model's ISO-8601 text; a problem when it is not one. */
export function filterTime(value: string, at: string, problems: string[]): number {
  const t = Date.parse(value);
  if (Number.isNaN(t)) problems.push(`Value ${shown(value)} at '${at}.value' is not a valid ISO-8601 time`);
  return t;
}
