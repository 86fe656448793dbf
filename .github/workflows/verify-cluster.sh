#!/usr/bin/env bash
# Checkpoint around `pulumi up` on one cluster (deploy.yml), through scripts/ops (no kubectl needed).
#   verify-cluster.sh baseline <stack> <file>   records the UID of every Cilium agent and operator pod
#   verify-cluster.sh verify <stack> <file>     after it: agent and operator rolled out, a ready agent on
#                                               every node, and every pod of the baseline still there with
#                                               the same UID: no pod recreated (risk CIL-TECH-001: "Zero pod
#                                               recreations, all UIDs match pre-handover baseline"). Restart
#                                               counts are not compared: a recreated pod starts again at 0.
# The kube context is the stack file's cluster-platform:kubernetes.context. Exits non-zero on a failed check.
set -euo pipefail
mode="${1:?usage: verify-cluster.sh baseline|verify <stack> <file>}"
stack="${2:?usage: verify-cluster.sh baseline|verify <stack> <file>}"
file="${3:?usage: verify-cluster.sh baseline|verify <stack> <file>}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
context="$(node -e 'const y = require("yaml"); const fs = require("fs");
  console.log(y.parse(fs.readFileSync(process.argv[1], "utf8")).config["cluster-platform:kubernetes"].context)' "$root/Pulumi.$stack.yaml")"
ops() { (cd "$root" && node -r ts-node/register/transpile-only scripts/ops/main.ts "$@"); }
case "$mode" in
  baseline)
    ops uids-baseline --context "$context" --file "$file"
    ;;
  verify)
    ops rollout --context "$context" --namespace kube-system --daemonset cilium --wait-seconds 600 --all-nodes
    ops rollout --context "$context" --namespace kube-system --deployment cilium-operator --wait-seconds 600
    ops uids-verify --context "$context" --file "$file"
    echo "verify $stack ($context): Cilium rolled out on every node, no Cilium pod recreated during the update"
    ;;
  *)
    echo "verify-cluster.sh: unknown mode $mode (baseline or verify)" >&2
    exit 2
    ;;
esac
