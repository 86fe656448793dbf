// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import { allContainers, containerFieldPath, describeOwner, DRAGONFLY_TYPE, specTemplatesOf } from "../../lib/kube";
import { ResourceRule } from "../../lib/rule";

/** Splits an image reference into repository, tag and digest. */
export function parseImage(image: string): { repository: string; tag?: string; digest?: string } {
    const [nameAndTag, digest] = image.split("@");
    const slash = nameAndTag.lastIndexOf("/");
    const colon = nameAndTag.lastIndexOf(":");
    if (colon > slash) {
        return {
            repository: nameAndTag.slice(0, colon),
            tag: nameAndTag.slice(colon + 1),
            ...(digest ? { digest } : {}),
        };
    }
    return { repository: nameAndTag, ...(digest ? { digest } : {}) };
}

/**
 * Checks that every container image of every workload (and a Dragonfly CR's image) names an
 * explicit tag other than `latest`, or a digest.
 */
export const imagePinned: ResourceRule = {
    name: "cluster-platform-workload-image-pinned",
    kind: "resource",
    description: "Every container image names an explicit version tag other than latest, or a digest.",
    risks: ["HYG-IMAGE-001", "DFLY-TECH-002"],
    remediationSteps:
        "Set the image to repository:<exact version> (for example nginx:1.27.3) or repository@sha256:<digest>.",
    check: (r, report) => {
        const risk = r.type === DRAGONFLY_TYPE ? "DFLY-TECH-002" : "HYG-IMAGE-001";
        for (const view of specTemplatesOf(r.type, r.props, r.name)) {
            for (const { container, index, init } of allContainers(view)) {
                const path = containerFieldPath(view, index, "image", init);
                const image = container.image;
                if (typeof image !== "string" || image === "") {
                    report(
                        risk,
                        `container "${container.name}" of ${describeOwner(view)} has no image; set ${path} to an image with an exact tag or digest.`,
                    );
                    continue;
                }
                const { repository, tag, digest } = parseImage(image);
                if (digest) {
                    continue;
                }
                if (!tag) {
                    report(
                        risk,
                        `container "${container.name}" of ${describeOwner(view)} uses image "${image}" without a tag, which means latest; set ${path} to ${repository}:<exact version> or pin a digest.`,
                    );
                } else if (tag === "latest") {
                    report(
                        risk,
                        `container "${container.name}" of ${describeOwner(view)} uses image "${image}"; replace the latest tag in ${path} with an exact version or a digest.`,
                    );
                }
            }
        }
    },
};
