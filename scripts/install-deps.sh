#!/usr/bin/env bash
# Installs what rexian needs to build, run and test, from Debian 12's packages only.
# Idempotent: installs only what is missing, and touches the network only then.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  liblmdb-dev lmdb-utils libyaml-cpp-dev libvalijson-dev libpugixml-dev
  libssl-dev libpq-dev postgresql catch2 python3 curl procps
  libcurl4-openssl-dev         # the WeChat plugin's HTTPS calls to the WeChat API
  clang-14 libclang-rt-14-dev  # libFuzzer targets (tests/fuzz), built with clang
  time                         # /usr/bin/time: wall time and peak RSS in bench/simulate
  zlib1g-dev libbrotli-dev     # the livestream plugin: Bilibili zlib and brotli bodies
  libjemalloc-dev              # the rexian binary's allocator
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} > 0)); then
  echo "install-deps: installing ${missing[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: must run as root to install packages" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all ${#packages[@]} packages present" >&2
fi
