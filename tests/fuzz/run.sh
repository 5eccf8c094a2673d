#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz/targets.cmake with clang-14 in
# a separate CMake project and runs each for a bounded time on its seed
# corpus (tests/fuzz/corpus/<target>/). New inputs go to <build>/corpus/,
# never into the source tree; crashes to <build>/artifacts/<target>/.
#
# usage: tests/fuzz/run.sh [source-dir] [build-dir] [seconds-per-target] [target...]
#   defaults: the repository, build/fuzz, $REXIAN_FUZZ_SECONDS or 15, every target.
# Exit: 0 all ran clean, 1 a target crashed or the build failed,
#       77 clang-14 or the libFuzzer runtime is missing (CTest: skipped).
set -euo pipefail

src=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
out=${2:-$src/build/fuzz}
seconds=${3:-${REXIAN_FUZZ_SECONDS:-15}}
shift $(( $# < 3 ? $# : 3 ))
only=("$@")

if ! command -v clang++-14 >/dev/null; then
  echo "fuzz: clang++-14 not installed (scripts/install-deps.sh); skipped" >&2
  exit 77
fi
if ! ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  echo "fuzz: libFuzzer runtime not installed (libclang-rt-14-dev); skipped" >&2
  exit 77
fi

mkdir -p "$out"
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
generator=()
if command -v ninja >/dev/null; then generator=(-G Ninja); fi
cmake -S "$src/tests/fuzz" -B "$out" "${generator[@]}" "${launcher[@]}" \
  -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$out.configure.log" 2>&1 ||
  { cat "$out.configure.log" >&2; exit 1; }
cmake --build "$out" -j"${REXIAN_FUZZ_JOBS:-2}"

failed=0
while read -r target; do
  [ -n "$target" ] || continue
  if ((${#only[@]} > 0)) && [[ ! " ${only[*]} " =~ " $target " ]]; then continue; fi
  seeds="$src/tests/fuzz/corpus/$target"
  work="$out/corpus/$target"
  artifacts="$out/artifacts/$target/"
  mkdir -p "$work" "$artifacts" "$seeds"
  echo "fuzz: $target for ${seconds}s (seeds: $(ls "$seeds" | wc -l))"
  if ! "$out/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="$artifacts" -print_final_stats=1 "$work" "$seeds" \
       >"$out/$target.log" 2>&1; then
    echo "fuzz: $target FAILED; last lines of $out/$target.log:" >&2
    tail -40 "$out/$target.log" >&2
    failed=1
  else
    grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$out/$target.log" | sed "s/^/  /"
  fi
done <"$out/fuzz_targets.txt"
exit $failed
