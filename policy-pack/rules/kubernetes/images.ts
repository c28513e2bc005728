// Images pinned to a version or a digest: `latest` (or no tag, which means latest) changes under
// the same manifest, so what runs is not what was reviewed, and a rollback rolls back nothing.
import { describeObject, type ResourceRule } from "../kit";
import { containersOf, kindOf, metadataOf, podSpecOf, WORKLOAD_TYPES } from "./objects";

/** Why an image reference is not pinned, or undefined when it is (a digest, or a tag other than latest). */
export function unpinnedReason(image: unknown): string | undefined {
  if (typeof image !== "string" || image.trim() === "") return "has no image";
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return undefined;
  const lastSegment = image.split("/").pop() ?? image;
  const colon = lastSegment.lastIndexOf(":");
  if (colon < 0) return `uses image "${image}" without a tag (which means latest)`;
  const tag = lastSegment.slice(colon + 1);
  return tag === "latest" ? `uses image "${image}" tagged latest` : undefined;
}

export const imagesPinned: ResourceRule<Record<string, never>> = {
  name: "images-pinned",
  description: "Every container image names a version tag other than latest, or a digest: an unpinned image changes under the same manifest, so what runs is not what was reviewed.",
  defaults: {},
  types: WORKLOAD_TYPES,
  checks: [
    (props, _config, resource) =>
      containersOf(podSpecOf(resource.type, props)).flatMap((container) => {
        const reason = unpinnedReason(container.spec.image);
        return reason === undefined ? [] : [`${describeObject(kindOf(resource.type), metadataOf(props))}: container "${container.name}" ${reason} (expected name:version or name@sha256:digest)`];
      }),
  ],
};
