/** The small cluster both report test files read: shop/web -> shop/api on 8080, shop isolated both ways; tools/debug isolated in neither direction. */
import { namespace, pod, policy } from "../core/helpers";

export type K8sObject = Record<string, unknown>;

export function cluster(): K8sObject[] {
  return [
    namespace("shop"),
    namespace("tools"),
    pod("shop", "web", { labels: { app: "web" } }),
    pod("shop", "api", { labels: { app: "api" }, ports: [{ name: "http", containerPort: 8080 }] }),
    pod("tools", "debug", { labels: { app: "debug" } }),
    policy("shop", "deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    policy("shop", "web-to-api", { podSelector: { matchLabels: { app: "web" } }, policyTypes: ["Egress"], egress: [{ to: [{ podSelector: { matchLabels: { app: "api" } } }], ports: [{ port: 8080 }] }] }),
    policy("shop", "api-from-web", { podSelector: { matchLabels: { app: "api" } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: "web" } } }], ports: [{ port: "http" }] }] }),
  ];
}
