// Items 6, 13 (StorageClass half) and 18 in the pure objects: the database's volume outlives its
// claim and carries the backup tag, every class names the stack's KMS key (a placeholder until
// deploy), PostgreSQL reads its password from a mounted file, and stateless tiers spread over
// zones and hosts.
import { strict as assert } from "assert";
import type { IStatefulSetSpec } from "kubernetes-models/apps/v1/StatefulSetSpec";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import { allObjects, renderStack, type K8sObject } from "../../manifests";
import {
  BACKUP_SELECTION_TAG_KEY, buildStorageClasses, DEFAULT_CLASS_ANNOTATION, KMS_KEY_PARAMETER, VOLUME_KMS_KEY_PLACEHOLDER, withVolumeKmsKey,
} from "../../manifests/storage";
import {
  CREDENTIALS_FILE_MODE, DATABASE_IMAGE, DATABASE_STORAGE_CLASS, ENCRYPTED_STORAGE_CLASS, KIND_STORAGE_CLASS,
} from "../../manifests/workloads";
import { testKindStackConfig, testStackConfig } from "../fixtures/stackConfig";
import { podsOf } from "./pods";
import { allConfigs } from "./stacks";

const config = testStackConfig();
const storageClass = (name: string) => renderStack(config).storageClasses.find((o) => o.metadata.name === name);
const parameters = (object: K8sObject | undefined) => (object?.parameters ?? {}) as Record<string, string>;

function databaseStatefulSet(objects: readonly K8sObject[], namespace = "bank-database"): IStatefulSetSpec {
  const found = objects.find((o) => o.kind === "StatefulSet" && o.metadata.namespace === namespace);
  assert.ok(found, `no StatefulSet in ${namespace}`);
  return found.spec as IStatefulSetSpec;
}

describe("item 6: the database volume is retained and tagged for AWS Backup", () => {
  it("its StorageClass retains the volume, encrypted gp3 in the pod's zone, tagged with the stack's backup tag", () => {
    const database = storageClass(DATABASE_STORAGE_CLASS);
    assert.equal(database?.reclaimPolicy, "Retain");
    assert.equal(database?.volumeBindingMode, "WaitForFirstConsumer");
    assert.deepEqual(parameters(database), {
      encrypted: "true",
      type: "gp3",
      [KMS_KEY_PARAMETER]: VOLUME_KMS_KEY_PLACEHOLDER,
      tagSpecification_1: `${BACKUP_SELECTION_TAG_KEY}=zero-trust-eks-test`,
    });
    assert.equal(database?.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION], undefined, "not the default class");
  });

  it("each stack tags with its own value, so one stack's plan never backs up another's volumes", () => {
    const tagOf = (environment: string) => parameters(renderStack({ ...config, environment }).storageClasses[1]).tagSpecification_1;
    assert.notEqual(tagOf("dev"), tagOf("prod"));
  });

  it("the default class stays a scratch class: deleted with its claim, never tagged for backup", () => {
    const scratch = storageClass(ENCRYPTED_STORAGE_CLASS);
    assert.equal(scratch?.reclaimPolicy, "Delete");
    assert.equal(scratch?.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION], "true");
    assert.equal(parameters(scratch).tagSpecification_1, undefined);
  });

  it("every EKS stack's database claims the retained class (kind's: kind's default class) and keeps its claims when the StatefulSet goes", () => {
    for (const { name, config: stack } of allConfigs()) {
      const objects = allObjects(renderStack(stack));
      for (const tenant of stack.app.tenants) {
        const spec = databaseStatefulSet(objects, `${tenant}-database`);
        const expected = stack.platform.name === "kind" ? KIND_STORAGE_CLASS : DATABASE_STORAGE_CLASS;
        assert.equal(spec.volumeClaimTemplates?.[0]?.spec?.storageClassName, expected, name);
        assert.deepEqual(spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: "Retain", whenScaled: "Retain" }, name);
      }
    }
  });
});

describe("item 13: every StorageClass names the stack's KMS key", () => {
  it("render shows the marked placeholder in each class (the key's ARN exists only at deploy time)", () => {
    const classes = renderStack(config).storageClasses;
    assert.equal(classes.length, 2);
    for (const object of classes) assert.equal(parameters(object)[KMS_KEY_PARAMETER], VOLUME_KMS_KEY_PLACEHOLDER, object.metadata.name);
  });

  it("withVolumeKmsKey puts the key in place of the placeholder and changes nothing else", () => {
    const arn = "arn:aws:kms:eu-west-1:111122223333:key/example";
    for (const object of renderStack(config).storageClasses) {
      const applied = withVolumeKmsKey(object, arn);
      assert.equal(parameters(applied)[KMS_KEY_PARAMETER], arn);
      assert.deepEqual({ ...applied, parameters: { ...parameters(applied), [KMS_KEY_PARAMETER]: VOLUME_KMS_KEY_PLACEHOLDER } }, object);
    }
  });

  it("withVolumeKmsKey leaves other objects, and a class that names its own key, alone", () => {
    const [object] = renderStack(config).storageClasses;
    const ownKey = { ...object, parameters: { ...parameters(object), [KMS_KEY_PARAMETER]: "arn:aws:kms:eu-west-1:1:key/other" } };
    assert.equal(withVolumeKmsKey(ownKey, "x"), ownKey);
    const secret = allObjects(renderStack(config)).find((o) => o.kind === "Secret");
    assert.ok(secret);
    assert.equal(withVolumeKmsKey(secret, "x"), secret);
  });
});

describe("item 13: withVolumeKmsKey touches only StorageClasses that carry the placeholder", () => {
  it("leaves a StorageClass without parameters alone", () => {
    const bare: K8sObject = { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "bare" }, provisioner: "example.com/none" };
    assert.equal(withVolumeKmsKey(bare, "arn:aws:kms:eu-west-1:1:key/x"), bare);
  });

  it("leaves another kind alone even when it has a kmsKeyId parameter holding the placeholder", () => {
    const snapshotClass: K8sObject = {
      apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshotClass", metadata: { name: "snapshots" },
      parameters: { [KMS_KEY_PARAMETER]: VOLUME_KMS_KEY_PLACEHOLDER },
    };
    assert.equal(withVolumeKmsKey(snapshotClass, "arn:aws:kms:eu-west-1:1:key/x"), snapshotClass);
  });

  it("both classes in full: EBS CSI gp3, encrypted with the stack's key, created in the pod's zone, expandable", () => {
    const gp3 = (name: string, reclaimPolicy: string, extra: Record<string, string>) => ({
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name },
      provisioner: "ebs.csi.aws.com",
      parameters: { encrypted: "true", type: "gp3", kmsKeyId: VOLUME_KMS_KEY_PLACEHOLDER, ...extra },
      reclaimPolicy,
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
    });
    const scratch = gp3("gp3-encrypted", "Delete", {});
    assert.deepEqual(buildStorageClasses(config), [
      { ...scratch, metadata: { name: "gp3-encrypted", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } } },
      gp3("gp3-encrypted-retain", "Retain", { tagSpecification_1: "zero-trust-eks.io/backup-plan=zero-trust-eks-test" }),
    ]);
  });

  it("buildStorageClasses: both classes on EKS, none on kind (the database uses kind's own default class)", () => {
    assert.deepEqual(buildStorageClasses(config).map((o) => o.metadata.name), [ENCRYPTED_STORAGE_CLASS, DATABASE_STORAGE_CLASS]);
    assert.deepEqual(buildStorageClasses(testKindStackConfig()), []);
  });
});

describe("item 18: PostgreSQL reads its password from a mounted secret file", () => {
  const pod = () => databaseStatefulSet(allObjects(renderStack(config))).template.spec as IPodSpec;

  it("POSTGRES_PASSWORD_FILE names the password file of the read-only credentials mount", () => {
    const [container] = pod().containers;
    const env = new Map((container?.env ?? []).map((e) => [e.name, e.value]));
    const mount = container?.volumeMounts?.find((m) => m.name === "credentials");
    assert.equal(mount?.readOnly, true);
    assert.equal(env.get("POSTGRES_PASSWORD_FILE"), `${mount?.mountPath}/password`);
    const volume = pod().volumes?.find((v) => v.name === "credentials");
    assert.deepEqual(volume?.secret, { secretName: "database-credentials", defaultMode: 0o400, items: [{ key: "password", path: "password" }] });
    assert.equal(CREDENTIALS_FILE_MODE, 0o400);
  });

  it("the file is readable by postgres only through the pod's fsGroup, which is postgres's own group", () => {
    const security = pod().securityContext;
    assert.equal(security?.runAsUser, DATABASE_IMAGE.uid);
    assert.equal(security?.fsGroup, DATABASE_IMAGE.gid);
  });

  it("in no stack does any container get a password, or any Secret, through its environment", () => {
    for (const { name, config: stack } of allConfigs()) {
      for (const { owner, spec } of podsOf(allObjects(renderStack(stack)))) {
        for (const container of spec.containers) {
          assert.ok(!(container.env ?? []).some((e) => e.name === "POSTGRES_PASSWORD" || e.valueFrom?.secretKeyRef), `${name}: ${owner}`);
          assert.equal(container.envFrom, undefined, `${name}: ${owner}`);
        }
      }
    }
  });
});

describe("item 18: frontend and backend replicas spread over zones as well as hosts", () => {
  it("each Deployment spreads by zone and by host, one replica of skew, never left Pending for it", () => {
    const objects = allObjects(renderStack(testStackConfig({ frontend: { port: 8080, replicas: 3 } })));
    const deployments = objects.filter((o) => o.kind === "Deployment");
    assert.deepEqual(deployments.map((d) => d.metadata.namespace), ["bank-backend", "bank-frontend"]);
    for (const deployment of deployments) {
      const template = (deployment.spec as { template: { metadata: { labels: Record<string, string> }; spec: IPodSpec } }).template;
      assert.deepEqual(template.spec.topologySpreadConstraints, ["topology.kubernetes.io/zone", "kubernetes.io/hostname"].map((topologyKey) => ({
        maxSkew: 1, topologyKey, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: template.metadata.labels },
      })));
    }
  });
});
