#!/usr/bin/env bash
# Installs the real components the tests run against: bubblewrap (sandbox isolation) and Chromium (the report and
# dashboard browser tests) from Debian, Azurite, the browser libraries the report pages inline, and the shared tool
# folder sandboxes see read-only at /dgm/tools (DGM_TOOLS, default /opt/dgm/tools).
# Idempotent; safe to run on a developer machine. Needs root (or sudo) for apt and /opt.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v bwrap >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null
fi
bwrap --version

# Headless Chromium for the browser tests (Playwright drives this executable; it never downloads a browser).
if ! command -v chromium >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
chromium --version 2>/dev/null

# Azurite (the Azure Storage emulator) for the blob store and sandbox runner tests, pinned by infra/tools'
# package-lock.json, and python3 for the sandbox runner itself. Azurite is reinstalled only when the lock file
# changed since the last install.
missing=()
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# npm ci in a folder unless its node_modules was installed from the same package-lock.json.
npm_ci() {
  local folder=$1 stamp="$1/node_modules/.dgm-lock-sha256" lock_sha
  lock_sha=$(sha256sum "$folder/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sha" ]; then
    npm ci --prefix "$folder" --no-audit --no-fund --loglevel=error
    echo "$lock_sha" > "$stamp"
  fi
}
tools=infra/tools
npm_ci "$tools"
echo "azurite $("$tools/node_modules/.bin/azurite-blob" --version)"

# Chart.js and the d3 modules, embedded into the report pages when Dgm.Reports builds.
npm_ci functions/Dgm.Reports/web

# The shared tool folder. .NET: the packs a build job needs to publish an agent as one self-contained executable,
# restored with this machine's SDK (the one jobs use) into an offline package folder; redone when the SDK changes.
tools_root="${DGM_TOOLS:-/opt/dgm/tools}"
as_root mkdir -p "$tools_root"
sdk_version=$(dotnet --version)
if [ "$(cat "$tools_root/nuget/.dgm-sdk" 2>/dev/null)" != "$sdk_version" ]; then
  scratch=$(mktemp -d)
  cp infra/sandbox-tools/dotnet/* "$scratch"/
  as_root dotnet restore "$scratch/packs.csproj" --packages "$tools_root/nuget" --verbosity quiet
  echo "$sdk_version" | as_root tee "$tools_root/nuget/.dgm-sdk" >/dev/null
  rm -rf "$scratch"
fi
echo "sandbox tools in $tools_root: .NET packs for SDK $sdk_version"
