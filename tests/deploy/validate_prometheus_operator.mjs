// Validates monitoring.coreos.com objects (JSON array on stdin) with the validators that
// @kubernetes-models/prometheus-operator generates from the upstream CRDs.
// Usage: node validate_prometheus_operator.mjs <tools_dir> < objects.json
// Prints one line per invalid object and exits 1 if any; exits 0 when all are valid.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [toolsDir] = process.argv.slice(2);
const pkg = join(toolsDir, "node_modules/@kubernetes-models/prometheus-operator");
const objects = JSON.parse(readFileSync(0, "utf8"));
let failed = 0;
for (const obj of objects) {
  const [, version] = obj.apiVersion.split("/");
  const file = join(pkg, "monitoring.coreos.com", version, `${obj.kind}.js`);
  const mod = await import(pathToFileURL(file).href);
  try {
    new mod[obj.kind](obj).validate();
  } catch (err) {
    failed += 1;
    console.log(`${obj.kind}/${obj.metadata.name}: ${err.message}`);
  }
}
process.exit(failed ? 1 : 0);
