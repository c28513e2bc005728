#!/usr/bin/env bash
# The local preview (docs/local.md): a kind cluster from local/kind-cluster.yaml (no CNI of its own),
# LocalStack when the local stack sets localstackEndpoint, then `pulumi up` of the local stack, which
# installs Calico (the CNI and the policy engine), the policies and the app. Nothing the program
# installs is installed here. Arguments go to `pulumi up` (e.g. --yes). Run from anywhere.
# Exit codes: 2 a required tool or `npm ci` is missing (nothing done), else what the failing step returned.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLUSTER=zero-trust-eks
STACK=local
KIND_CONFIG="$ROOT/local/kind-cluster.yaml"
LOCALSTACK_CONTAINER=zero-trust-eks-localstack
# The last LocalStack release that starts without an auth token; later ones need LOCALSTACK_AUTH_TOKEN.
LOCALSTACK_IMAGE=localstack/localstack:4.4.0
LOCALSTACK_WAIT_SECONDS=90

say() { echo "up.sh: $*"; }
fail() { echo "up.sh: $*" >&2; exit 2; }

missing=0
need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "up.sh: $1 not found: $2" >&2
    missing=$((missing + 1))
  fi
}

need docker "kind runs the cluster's nodes as Docker containers: install Docker Engine or Docker Desktop (https://docs.docker.com/get-docker/)"
need kind "it creates the cluster: install kind v0.30.0 or later (https://kind.sigs.k8s.io/docs/user/quick-start/#installation)"
need kubectl "install kubectl (https://kubernetes.io/docs/tasks/tools/) to look at the cluster and for npm run verify-live"
need pulumi "it deploys the stack: install the Pulumi CLI (https://www.pulumi.com/docs/iac/download-install/)"
need node "it runs the Pulumi program: install Node.js 20.19 or later"
if [ "$missing" -gt 0 ]; then
  fail "$missing required tool(s) missing; nothing was done"
fi
[ -d "$ROOT/node_modules" ] || fail "run npm ci in $ROOT first (the Pulumi program needs its packages); nothing was done"
cd "$ROOT"

# The cluster: its nodes stay NotReady until `pulumi up` installs Calico, so kind is not told to wait.
if kind get clusters 2>/dev/null | grep -qx "$CLUSTER"; then
  say "kind cluster $CLUSTER exists: reusing it"
else
  kind create cluster --config "$KIND_CONFIG"
fi

# A state backend: the local one unless you are logged in somewhere already.
if ! pulumi whoami >/dev/null 2>&1; then
  pulumi login --local
  if [ -z "${PULUMI_CONFIG_PASSPHRASE:-}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
    say "the local backend encrypts the stack's secrets with a passphrase: set PULUMI_CONFIG_PASSPHRASE, or Pulumi asks for one"
  fi
fi
pulumi stack select --create "$STACK"

start_localstack() {
  local endpoint="$1"
  need curl "it checks that LocalStack answers"
  [ "$missing" -eq 0 ] || fail "curl is needed with localstackEndpoint set"
  case "$endpoint" in
    http://localhost:4566 | http://localhost:4566/ | http://127.0.0.1:4566 | http://127.0.0.1:4566/)
      if docker container inspect "$LOCALSTACK_CONTAINER" >/dev/null 2>&1; then
        say "LocalStack container $LOCALSTACK_CONTAINER exists: reusing it"
      else
        docker run --detach --name "$LOCALSTACK_CONTAINER" --publish 127.0.0.1:4566:4566 \
          --env LOCALSTACK_AUTH_TOKEN "$LOCALSTACK_IMAGE" >/dev/null
      fi
      ;;
    *) say "localstackEndpoint is $endpoint: start that LocalStack yourself (this script starts one on localhost:4566 only)" ;;
  esac
  local waited=0
  until curl --silent --fail --output /dev/null "${endpoint%/}/_localstack/health"; do
    [ "$waited" -lt "$LOCALSTACK_WAIT_SECONDS" ] || { echo "up.sh: LocalStack does not answer at $endpoint" >&2; exit 1; }
    sleep 2
    waited=$((waited + 2))
  done
  say "LocalStack answers at $endpoint"
}

endpoint="$(pulumi config get zero-trust-eks:localstackEndpoint --stack "$STACK" 2>/dev/null || true)"
if [ -n "$endpoint" ]; then
  start_localstack "$endpoint"
fi

pulumi up --stack "$STACK" "$@"
