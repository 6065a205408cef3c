// Copies the front-end libraries we serve from node_modules into the package's static/vendor folder.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vendor = join(root, "src", "zhizhi", "web", "static", "vendor");
const files = [["node_modules/htmx.org/dist/htmx.min.js", "htmx.min.js"]];

mkdirSync(vendor, { recursive: true });
for (const [from, to] of files) {
  copyFileSync(join(root, from), join(vendor, to));
  console.log(`vendored ${to}`);
}
