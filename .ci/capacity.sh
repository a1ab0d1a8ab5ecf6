#!/usr/bin/env bash
# Capacity figures for README's "Capacity" section (not part of checks.sh; takes about 10 minutes on 2 cores).
# Each line runs `gradstream loadgen` with the in-process broker and one or more consumers in the same JVM,
# and prints loadgen's report: publishing rate and how far it fell behind schedule, each consumer's events
# handled per second until it caught up, latency from event time to handling (p50, p99, max over the last
# minute), lag, /metrics series and bytes, heap after GC, and the broker's log bytes per run-epoch.
#   .ci/capacity.sh                 every measurement
#   .ci/capacity.sh throughput      only the per-service throughput runs (R = 10, 100, 1000)
#   .ci/capacity.sh latency         only the latency runs (R = 10, linger.ms 100, 50, 10)
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
RATE="${RATE:-30000}"          # more than any one consumer takes on 2 cores: consumers' own rate shows
gen() { ./gradstream loadgen --metrics-port 0 --drain 120 "$@" 2>&1 | grep -v -e WARN -e '^SLF4J' \
        | grep -e '^loadgen' -e '^published' -e '^consumers' -e '^  ' -e '^/metrics' -e '^kafka disk' -e 'NOT'; }
# The shape of each R: about 100,000 events in all (2 to 4 epochs, 10 classes x 1,000 samples, 4 layers).
shape() {
  case "$1" in
    10) echo "--runs 10 --epochs 4 --batches 2500" ;;
    100) echo "--runs 100 --epochs 4 --batches 250" ;;
    1000) echo "--runs 1000 --epochs 2 --batches 50" ;;
  esac
}
if [ "$what" = all ] || [ "$what" = throughput ]; then
  for r in 10 100 1000; do
    for s in monitor evaluator liveview; do
      echo "== R=$r, $s alone, offered $RATE events/s"
      # shellcheck disable=SC2046
      gen $(shape "$r") --rate "$RATE" --duration 60 --services "$s"
    done
  done
fi
if [ "$what" = all ] || [ "$what" = latency ]; then
  for linger in 100 50 10; do
    # R = 10 at 1,000 events/s: what one monitor keeps up with beside the other two, so latency is not backlog;
    # 68 s of publishing, so the percentiles (over the last minute) are past the JIT's warm-up.
    echo "== R=10, monitor + evaluator + live view, 1,000 events/s, linger.ms=$linger"
    gen --runs 10 --epochs 4 --batches 1700 --rate 1000 --duration 100 --services monitor,evaluator,liveview \
        --kafka-property "linger.ms=$linger"
  done
fi
