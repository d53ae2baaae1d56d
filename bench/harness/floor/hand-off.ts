import { deserialize, serialize } from "node:v8";
import { NUMBER_FIELDS, ROW_FIELD_COUNT, type RowFields } from "./row-fields";

const IS_NUMBER = Array.from({ length: ROW_FIELD_COUNT }, (_, field) => NUMBER_FIELDS.includes(field));

/**
 * Sends a read's rows to another thread and reads them back there, the way the ingest's wire format does
 * (lib/ingest/worker/wire.ts): numbers in a Float64Array, strings as indexes into a table that holds each
 * distinct string of the batch once. Serializing stands in for postMessage, which does the same copy.
 */
export function handOff(rows: RowFields[]): RowFields[] {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const refs = new Int32Array(rows.length * ROW_FIELD_COUNT);
  const numbers = new Float64Array(rows.length * ROW_FIELD_COUNT);
  rows.forEach((row, r) => {
    for (let field = 0; field < ROW_FIELD_COUNT; field++) {
      const value = row[field] ?? null;
      const at = r * ROW_FIELD_COUNT + field;
      if (IS_NUMBER[field]) {
        numbers[at] = value === null ? NaN : (value as number);
        continue;
      }
      if (value === null) {
        refs[at] = -1;
        continue;
      }
      let id = index.get(value as string);
      if (id === undefined) index.set(value as string, (id = strings.push(value as string) - 1));
      refs[at] = id;
    }
  });
  const received = deserialize(serialize({ strings, refs, numbers })) as { strings: string[]; refs: Int32Array; numbers: Float64Array };
  const out: RowFields[] = [];
  for (let r = 0; r < rows.length; r++) {
    const row: RowFields = [];
    for (let field = 0; field < ROW_FIELD_COUNT; field++) {
      const at = r * ROW_FIELD_COUNT + field;
      if (IS_NUMBER[field]) {
        const n = received.numbers[at]!;
        row.push(Number.isNaN(n) ? null : n);
      } else {
        const ref = received.refs[at]!;
        row.push(ref === -1 ? null : received.strings[ref]!);
      }
    }
    out.push(row);
  }
  return out;
}
