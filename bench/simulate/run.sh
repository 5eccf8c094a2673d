#!/usr/bin/env bash
# Full-scale workload benchmark (issue 5): `rexian simulate` of both years into
# a fresh durable LMDB store, then `rexian report --year 2025`, then
# `rexian rebuild` of every view; wall time and peak RSS of each step. The
# report's counts are checked against the simulator's targets
# (check_report.py), so a fast run that prints wrong figures fails.
#
#   bench/simulate/run.sh [SCALE] [REXIAN_BINARY] [WORK_DIR]
#
# SCALE 1 is the full 6.87 million requests (targets: whole run <= 5 min,
# peak RSS <= 2 GiB, rebuild >= 1,000,000 events/s). Never part of CTest.
set -euo pipefail
scale=${1:-1}
rexian=${2:-build/bench/rexian}
work=${3:-$(mktemp -d /tmp/rexian-simbench-XXXXXX)}
src=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$work"
cat > "$work/rexian.yaml" <<YAML
include:
  - $src/config/organisation.yaml
  - $src/config/taxonomy.yaml
  - $src/config/calendars/2024.yaml
  - $src/config/calendars/2025.yaml
  - $src/config/calendars/2026.yaml
  - $src/config/sla.yaml
  - $src/config/routing.yaml
  - $src/config/users.yaml
server: {bind: 127.0.0.1, port: 18999}
store:
  backend: lmdb
  path: $work/data/log
  keys_path: $work/data/keys
  views_path: $work/data/views
  durability: fsync
schemas_dir: $src/schemas
YAML

step() {  # step NAME COMMAND...: runs it under /usr/bin/time, prints wall s and peak RSS MiB
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.err"
  read -r wall rss < "$work/$name.time"
  printf '%-9s wall %8.1f s   peak RSS %7.0f MiB\n' "$name" "$wall" "$((rss / 1024))"
}

echo "scale $scale, work dir $work, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
step simulate "$rexian" simulate --config "$work/rexian.yaml" --scenario "$src/config/scenarios/xuzhou-2025.yaml" \
  --scale "$scale" --targets-out "$work/targets.json"
tail -n 1 "$work/simulate.out"
step report "$rexian" report --config "$work/rexian.yaml" --year 2025
sed -n '/## Summary/,/satisfaction/p' "$work/report.out"
# Every count of the report against the targets the simulator was given.
"$rexian" report --config "$work/rexian.yaml" --year 2025 --format json > "$work/report.json"
mismatch=0
python3 "$src/bench/simulate/check_report.py" "$work/targets.json" "$work/report.json" || mismatch=1
step rebuild "$rexian" rebuild --config "$work/rexian.yaml"
tail -n 1 "$work/rebuild.out"
du -sh "$work/data/log" "$work/data/views" | sed 's/^/size /'
exit "$mismatch"
