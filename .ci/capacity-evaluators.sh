#!/usr/bin/env bash
# Evaluator scale-out for README's "Capacity" section (not part of checks.sh): a broker process with topics
# of 2 partitions, then 1 and then 2 `serve --services evaluator` processes in the evaluator's shared group,
# loadgen publishing R runs of prediction-heavy events (10 classes x 2,000 samples: 1 chunk per split);
# prints the evaluators' rate (their gradstream_consumer_latency count) and the cores each process used:
# - live: loadgen publishes while warmed-up evaluators consume (an untimed warm-up load of 200 runs first);
# - backlog: the runs are published first, then fresh evaluators catch up, timed from 30% handled on.
#   .ci/capacity-evaluators.sh [RUNS]        default 100 runs x 10 epochs (1,100 chunks of 80 KB)
# EVALUATOR_KAFKA_PROPERTY=KEY=VALUE passes one client setting to the evaluators.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-100}"; epochs=10; chunks_per_split=1
expected=$((runs * (epochs + 1) * chunks_per_split))
warm_runs=200; warm_chunks=$((warm_runs * (epochs + 1) * chunks_per_split))
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
ticks() {  # CPU time of processes, in clock ticks (user + system)
  local total=0 p
  for p in "$@"; do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
hz="$(getconf CLK_TCK)"
start_evaluators() {  # N: start N evaluators in the shared group and wait for their /metrics
  rm -f "$dir"/eval-*.port; evals=()
  for i in $(seq 1 "$1"); do
    ./gradstream serve --services evaluator --bootstrap-servers "127.0.0.1:$port" --partitions 2 --metrics-port 0 \
        ${EVALUATOR_KAFKA_PROPERTY:+--kafka-property "$EVALUATOR_KAFKA_PROPERTY"} \
        >"$dir/eval-$1-$i.log" 2>&1 & pids+=($!); evals+=($!)
  done
  for i in $(seq 1 "$1"); do
    until grep -q 'evaluator: http' "$dir/eval-$1-$i.log"; do sleep 1; done
    sed -n 's|.*evaluator: http://[^:]*:\([0-9]*\)/health.*|\1|p' "$dir/eval-$1-$i.log" | head -n 1 >"$dir/eval-$1-$i.port"
  done
}
stop_evaluators() {
  for p in "${evals[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${evals[@]}"; do while kill -0 "$p" 2>/dev/null; do sleep 0.2; done; done
  pids=("${pids[0]}")
}
loadgen() {  # RUNS LOG: publish RUNS runs of prediction-heavy events
  ./gradstream loadgen --bootstrap-servers "127.0.0.1:$port" --runs "$1" --epochs "$epochs" --batches 1 \
      --samples 2000 --rate 30000 --duration 120 --metrics-port 0 >"$2" 2>&1
}
report() {  # LABEL N FROM: time handled chunks from FROM (count since start) up to all expected, with CPU use
  local label="$1" n="$2" from="$3" deadline start end got0 got cpu0 cpu1
  deadline=$(( $(date +%s) + 300 ))
  while [ "$(handled)" -lt "$from" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.1; done
  start=$(date +%s.%N); got0="$(handled)"; cpu0=("$(ticks "${evals[@]}")" "$(ticks "${pids[0]}")")
  while [ "$(handled)" -lt "$((base + expected))" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
  end=$(date +%s.%N); got=$(( $(handled) - got0 ))
  cpu1=("$(ticks "${evals[@]}")" "$(ticks "${pids[0]}")")
  awk -v hz="$hz" -v label="$label" -v n="$n" -v got="$got" -v c="$chunks_per_split" -v s="$start" -v t="$end" \
      -v e0="${cpu0[0]}" -v e1="${cpu1[0]}" -v b0="${cpu0[1]}" -v b1="${cpu1[1]}" 'BEGIN {
    w = t - s; ev = (e1 - e0) / hz
    printf "== %s, %d evaluator(s), 2 partitions: %d prediction chunks in %.1f s: %.0f splits/s\n", label, n, got, w, got / w / c
    printf "   cores used: evaluators %.2f, broker %.2f; %.0f splits per evaluator CPU-second\n",
      ev / w, (b1 - b0) / hz / w, (ev > 0 ? got / c / ev : 0) }'
}
for n in 1 2; do
  # Live: loadgen publishes while the warmed-up evaluators consume (the clock starts at the first chunk).
  start_evaluators "$n"
  sleep 15   # both members join the group and get a partition each
  # Warm-up: the evaluators' JIT compiles the evaluation code on a first load, which is not timed.
  loadgen "$warm_runs" "$dir/warm-$n.log"
  deadline=$(( $(date +%s) + 300 ))
  until [ "$(handled)" -ge "$warm_chunks" ] || [ "$(date +%s)" -ge "$deadline" ]; do sleep 0.5; done
  base="$(handled)"
  loadgen "$runs" "$dir/loadgen-$n.log" &
  gen=$!
  report "live" "$n" "$((base + 1))"
  wait "$gen" || true; grep -e '^published' -e NOT "$dir/loadgen-$n.log" || true
  stop_evaluators
  # Backlog: the runs are published first, then fresh evaluators catch up; timed from 30% (past the JIT).
  loadgen "$runs" "$dir/backlog-$n.log"
  start_evaluators "$n"
  base=0
  report "backlog" "$n" "$((expected * 3 / 10))"
  stop_evaluators
done
