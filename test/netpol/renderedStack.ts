/** A stack rendered into a temporary directory, as `npm run render` writes it (for the diff and report tests). */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadStackFile } from "../../config";
import { renderStack } from "../../manifests";
import { renderOutputFiles } from "../../manifests/output";

export const PROJECT_DIR = path.resolve(__dirname, "../..");

/** Writes the stack's render into a fresh temporary directory and returns it; the caller removes it. */
export function renderToTemp(stack: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `netpol-${stack}-`));
  for (const file of renderOutputFiles(renderStack(loadStackFile(PROJECT_DIR, stack)), stack)) {
    const target = path.join(dir, ...file.path.split("/"));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.content);
  }
  return dir;
}
