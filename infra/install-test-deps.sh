#!/usr/bin/env bash
# Installs the real components the tests run against: bubblewrap (sandbox isolation) from Debian.
# Idempotent; safe to run on a developer machine. Needs root (or sudo) for apt.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v bwrap >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null
fi
bwrap --version
