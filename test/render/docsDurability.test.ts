// docs/render.md and the README restate the pinned facts of items 5, 6, 13 and 18 (TLS policy and
// port, annotations, StorageClass names, tag, placeholder, password file, restore commands). These
// checks fail when a constant changes and the docs do not.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { DAILY_BACKUP_SCHEDULE } from "../../components/dataProtectionSpec";
import { BACKUP_SELECTION_TAG_KEY, VOLUME_KMS_KEY_PLACEHOLDER } from "../../manifests/storage";
import {
  CREDENTIALS_DIR, DATABASE_STORAGE_CLASS, ENCRYPTED_STORAGE_CLASS, LOAD_BALANCER_TLS_PORT, NLB_ANNOTATION, PASSWORD_KEY, TLS_SECURITY_POLICY,
} from "../../manifests/workloads";

const ROOT = path.resolve(__dirname, "../..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

describe("docs restate the TLS, storage, backup and password facts", () => {
  it("docs/render.md: the TLS listener, its policy and exactly the annotations the Service carries", () => {
    const docs = read("docs/render.md");
    assert.ok(docs.includes(`port ${LOAD_BALANCER_TLS_PORT} (\`LOAD_BALANCER_TLS_PORT\`)`));
    assert.ok(docs.includes(TLS_SECURITY_POLICY));
    for (const annotation of Object.values(NLB_ANNOTATION)) assert.ok(docs.includes(`${annotation}:`), annotation);
  });

  it("docs/render.md: both StorageClasses, the backup tag, the key placeholder and the password file", () => {
    const docs = read("docs/render.md");
    for (const fact of [ENCRYPTED_STORAGE_CLASS, DATABASE_STORAGE_CLASS, VOLUME_KMS_KEY_PLACEHOLDER, `${CREDENTIALS_DIR}/${PASSWORD_KEY}`]) {
      assert.ok(docs.includes(`\`${fact}\``), fact);
    }
    assert.ok(docs.includes(`tagSpecification_1: ${BACKUP_SELECTION_TAG_KEY}=<project>-<environment>`));
  });

  it("README: the TLS policy, the schedule, and restore commands that name the stack's real outputs and class", () => {
    const readme = read("README.md");
    assert.ok(readme.includes(TLS_SECURITY_POLICY));
    const [, minute = "", hour = ""] = /^cron\((\d+) (\d+) /.exec(DAILY_BACKUP_SCHEDULE) ?? [];
    const time = `${hour.padStart(2, "0")}:${minute.padStart(2, "0")} UTC`;
    assert.ok(readme.replace(/\s+/g, " ").includes(`Every day at ${time}`), time);
    for (const output of ["backupVaultName", "backupRoleArn", "volumeKmsKeyArn"]) {
      assert.ok(readme.includes(`pulumi stack output ${output} -s $STACK`), output);
    }
    assert.ok(readme.includes(`storageClassName: ${DATABASE_STORAGE_CLASS}`));
    assert.ok(readme.includes(`${BACKUP_SELECTION_TAG_KEY}=<project>-<environment>`));
  });
});
