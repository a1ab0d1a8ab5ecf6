#!/usr/bin/env bash
# Evaluator scale-out for README's "Capacity" section (not part of checks.sh): a broker process with topics
# of 2 partitions, then 1 and then 2 `serve --services evaluator` processes in the evaluator's shared group,
# each time loadgen publishing R runs of prediction-heavy events (10 classes x 2,000 samples: 1 chunk per
# split); prints how long the evaluators took to handle every chunk (their gradstream_consumer_latency count).
#   .ci/capacity-evaluators.sh [RUNS]        default 100 runs x 10 epochs (1,100 chunks of 80 KB)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-100}"; epochs=10; chunks_per_split=1
expected=$((runs * (epochs + 1) * chunks_per_split))
dir="$(mktemp -d)"; port=$((20000 + RANDOM % 20000)); pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
./gradstream broker --port "$port" --kafka-dir "$dir/kafka" --partitions 2 >"$dir/broker.log" 2>&1 & pids+=($!)
until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do sleep 1; done
handled() {  # sum over the evaluators' /metrics of handled predictions
  local total=0 n
  for f in "$dir"/eval-*.port; do
    n="$(curl -s "http://127.0.0.1:$(cat "$f")/metrics" | sed -n 's/^gradstream_consumer_latency_seconds_count{[^}]*service="evaluator"[^}]*} \(.*\)/\1/p' | head -n 1)"
    total=$(awk -v a="$total" -v b="${n:-0}" 'BEGIN { printf "%d", a + b }')
  done
  echo "$total"
}
for n in 1 2; do
  rm -f "$dir"/eval-*.port
  for i in $(seq 1 "$n"); do
    ./gradstream serve --services evaluator --bootstrap-servers "127.0.0.1:$port" --partitions 2 --metrics-port 0 \
        >"$dir/eval-$n-$i.log" 2>&1 & pids+=($!)
  done
  for i in $(seq 1 "$n"); do
    until grep -q 'evaluator: http' "$dir/eval-$n-$i.log"; do sleep 1; done
    sed -n 's|.*evaluator: http://[^:]*:\([0-9]*\)/health.*|\1|p' "$dir/eval-$n-$i.log" | head -n 1 >"$dir/eval-$n-$i.port"
  done
  sleep 15   # both members join the group and get a partition each
  base="$(handled)"
  ./gradstream loadgen --bootstrap-servers "127.0.0.1:$port" --runs "$runs" --epochs "$epochs" --batches 1 \
      --samples 2000 --rate 30000 --duration 120 --metrics-port 0 >"$dir/loadgen-$n.log" 2>&1 &
  gen=$!
  deadline=$(( $(date +%s) + 300 ))
  # The clock starts at the first chunk handled: JVM and producer start-up are not the evaluators' cost.
  while [ "$(handled)" -le "$base" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
  start=$(date +%s.%N)
  while [ "$(( $(handled) - base ))" -lt "$expected" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.5; done
  end=$(date +%s.%N); got=$(( $(handled) - base ))
  wait "$gen" || true; grep -e '^published' -e NOT "$dir/loadgen-$n.log" || true
  awk -v c="$chunks_per_split" -v n="$n" -v got="$got" -v e="$expected" -v s="$start" -v t="$end" 'BEGIN {
    printf "== %d evaluator(s), 2 partitions: %d of %d prediction chunks handled in %.1f s: %.0f chunks/s (%.0f splits/s)\n",
      n, got, e, t - s, got / (t - s), got / (t - s) / c }'
  for p in "${pids[@]:1}"; do kill "$p" 2>/dev/null || true; done
  pids=("${pids[0]}"); sleep 3
done
