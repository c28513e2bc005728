#!/usr/bin/env bash
# Removes the local preview (docs/local.md): the kind cluster (and with it every in-cluster object),
# the LocalStack container (its state is not persisted, so with it every AWS resource of the
# preview), then the local stack's Pulumi state, whose resources all lived in those two. Each step
# only runs when there is something to remove, so running it twice is safe. Pulumi.local.yaml stays.
set -euo pipefail

CLUSTER=zero-trust-eks
STACK=local
LOCALSTACK_CONTAINER=zero-trust-eks-localstack

say() { echo "down.sh: $*"; }
have() { command -v "$1" >/dev/null 2>&1; }

if have kind && kind get clusters 2>/dev/null | grep -qx "$CLUSTER"; then
  kind delete cluster --name "$CLUSTER"
else
  say "no kind cluster $CLUSTER"
fi

if have docker && docker container inspect "$LOCALSTACK_CONTAINER" >/dev/null 2>&1; then
  docker rm --force "$LOCALSTACK_CONTAINER" >/dev/null
  say "removed the LocalStack container $LOCALSTACK_CONTAINER"
else
  say "no LocalStack container $LOCALSTACK_CONTAINER"
fi

# --force: the resources the state lists are already gone with the cluster and the container;
# --preserve-config keeps the committed Pulumi.local.yaml.
if have pulumi && pulumi whoami >/dev/null 2>&1 && pulumi stack select "$STACK" >/dev/null 2>&1; then
  pulumi stack rm "$STACK" --force --yes --preserve-config
else
  say "no Pulumi stack $STACK"
fi
