#!/usr/bin/env bash
# Checkpoint around `pulumi up` on one cluster (deploy.yml).
#   verify-cluster.sh baseline <stack> <file>   records the Cilium pods' restart count before the update
#   verify-cluster.sh verify <stack> <file>     after it: agent and operator rolled out, a ready agent on
#                                               every node, and no Cilium container restarted since the baseline
# The kube context is the stack file's cluster-platform:kubernetes.context.
set -euo pipefail
mode="${1:?usage: verify-cluster.sh baseline|verify <stack> <file>}"
stack="${2:?usage: verify-cluster.sh baseline|verify <stack> <file>}"
file="${3:?usage: verify-cluster.sh baseline|verify <stack> <file>}"
context="$(node -e 'const y = require("yaml"); const fs = require("fs");
  console.log(y.parse(fs.readFileSync(process.argv[1], "utf8")).config["cluster-platform:kubernetes"].context)' "Pulumi.$stack.yaml")"
k() { kubectl --context "$context" "$@"; }
restarts() {
  k -n kube-system get pods -l 'k8s-app in (cilium, cilium-operator)' \
    -o jsonpath='{range .items[*]}{range .status.containerStatuses[*]}{.restartCount}{"\n"}{end}{end}' |
    awk '{s += $1} END {print s + 0}'
}
case "$mode" in
  baseline)
    restarts >"$file"
    echo "baseline $stack ($context): $(cat "$file") Cilium container restart(s) so far"
    ;;
  verify)
    k -n kube-system rollout status daemonset/cilium --timeout=10m
    k -n kube-system rollout status deployment/cilium-operator --timeout=10m
    nodes="$(k get nodes --no-headers | wc -l)"
    ready="$(k -n kube-system get daemonset cilium -o jsonpath='{.status.numberReady}')"
    if [[ "$ready" != "$nodes" ]]; then
      echo "verify $stack: $ready ready Cilium agent(s) for $nodes node(s)" >&2
      exit 1
    fi
    before="$(cat "$file")"
    after="$(restarts)"
    if [[ "$after" != "$before" ]]; then
      echo "verify $stack: Cilium containers restarted $((after - before)) time(s) during the update" >&2
      exit 1
    fi
    echo "verify $stack ($context): Cilium ready on $nodes node(s), no restart during the update"
    ;;
  *)
    echo "verify-cluster.sh: unknown mode $mode (baseline or verify)" >&2
    exit 2
    ;;
esac
