#!/usr/bin/env bash
# Assembles the sandbox image's build context in FOLDER: infra/sandbox/ (the Dockerfile), infra/sandbox-tools/ as
# sandbox-tools/, the in-sandbox runner published as runner/dgm-runner (a self-contained linux-x64 executable) and an
# empty extra-ca-certificates/.
# infra/deploy.sh and infra/sandbox/build-local.sh build from it.
# Usage: context.sh FOLDER [RUNNER]   (RUNNER: a runner published before, copied instead of publishing one)
set -euo pipefail
[ "$#" -ge 1 ] && [ "$#" -le 2 ] || { echo "usage: context.sh FOLDER [RUNNER]" >&2; exit 64; }
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
context=$1
mkdir -p "$context"
cp -R "$repo_root/infra/sandbox/." "$context/"
cp -R "$repo_root/infra/sandbox-tools" "$context/sandbox-tools"
mkdir -p "$context/extra-ca-certificates"
if [ "$#" -eq 2 ]; then
  mkdir -p "$context/runner" && cp "$2" "$context/runner/dgm-runner"
else
  dotnet publish "$repo_root/functions/Dgm.Runner" --configuration Release --output "$context/runner" --nologo
fi
[ -x "$context/runner/dgm-runner" ] || { echo "context.sh: the runner was not published to $context/runner/dgm-runner" >&2; exit 1; }
