#!/bin/bash
# The store_append runs recorded in docs/PERFORMANCE.md (2026-11-27), one after
# another, never in parallel. Run from the repository root after building
# build/bench (see docs/PERFORMANCE.md); writes one JSON per run into OUT.
OUT=${OUT:-/tmp/store_append_results}
mkdir -p "$OUT"
B=build/bench/bench/store_append/store_append
run() {
  local name=$1; shift
  { echo "== $name: store_append $*"; uptime; "$B" "$@" --json-file "$OUT/$name.json"; uptime; } > "$OUT/$name.txt" 2>&1
}
run default --events 1000000
run epa10 --events 1000000 --events-per-append 10
run window1 --events 30000 --window 1
run window4096 --events 1000000 --window 4096 --runs 1
run ordered --events 1000000 --event-ids ordered --runs 1
run relaxed --events 1000000 --durability relaxed --runs 1
run model_all --events 1000000 --runs 1 --baseline-batch 1300 --baseline-indexes streams,heads,event_ids
run model_noheads --events 1000000 --runs 1 --baseline-batch 1300 --baseline-indexes streams,event_ids
run model_all_ordered --events 1000000 --runs 1 --baseline-batch 1300 --baseline-indexes streams,heads,event_ids --event-ids ordered
run model_noheads_ordered --events 1000000 --runs 1 --baseline-batch 1300 --baseline-indexes streams,event_ids --event-ids ordered
