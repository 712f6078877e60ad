// Microsoft's Open XML SDK validation (@ooxml-tools/validate, WebAssembly) for many files, one Node start.
// Usage: node validate.mjs VERSION... ; then a file path per line on stdin. For each path it prints one
// line, "result " and JSON: {"path", "results": {VERSION: [{id, description, part, xpath}...]}} or
// {"path", "error"} when the file cannot be read or opened. Ends at the end of stdin.
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import validate, { OFFICE_VERSIONS, ready } from "@ooxml-tools/validate";

const versions = process.argv.slice(2);
for (const version of versions) {
  if (!OFFICE_VERSIONS.includes(version)) {
    console.error(`unknown Office version ${version}: one of ${OFFICE_VERSIONS.join(", ")}`);
    process.exit(2);
  }
}
if (versions.length === 0) versions.push("Microsoft365");
await ready();
process.stdout.write("ready\n");

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  const path = line.trim();
  if (!path) continue;
  let answer;
  try {
    const data = await readFile(path);
    const results = {};
    for (const version of versions) {
      results[version] = (await validate(data, "docx", version)).map((error) => ({
        id: error.id, description: error.description, part: error.path.partUri, xpath: error.path.xpath,
      }));
    }
    answer = { path, results };
  } catch (error) {
    answer = { path, error: String(error && error.stack ? error.stack : error) };
  }
  process.stdout.write(`result ${JSON.stringify(answer)}\n`);
}
// The .NET runtime keeps Node's event loop alive for seconds after the last file: leave at once.
process.exit(0);
