// The diff benchmark's peer: api-smart-diff comparing two OpenAPI documents, whole process.
// node bench/asd_diff.mjs OLD.json NEW.json  -> prints counts of changes by classification.
import { readFileSync } from "node:fs";
import { apiCompare } from "api-smart-diff";

const [before, after] = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f, "utf8")));
const { diffs } = apiCompare(before, after);
const counts = {};
for (const d of diffs) counts[d.type] = (counts[d.type] || 0) + 1;
console.log(JSON.stringify({ diffs: diffs.length, counts }));
