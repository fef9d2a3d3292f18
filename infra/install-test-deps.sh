#!/usr/bin/env bash
# Installs the real components the tests run against: bubblewrap (sandbox isolation), Docker and debootstrap (the
# Docker sandbox) and Chromium (the report and dashboard browser tests) from Debian, Azurite, the browser libraries
# the report pages inline, the Aider Polyglot toolchains, and the shared tool folder sandboxes see read-only at /dgm/tools (DGM_TOOLS, default /opt/dgm/tools).
# Idempotent; safe to run on a developer machine. Needs root (or sudo) for apt and /opt.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v bwrap >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null
fi
bwrap --version

# Docker Engine and debootstrap for the Docker sandbox tests, which start their own dockerd (own data root and socket)
# and import an image made with debootstrap: no registry is contacted.
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
dockerd --version

# Headless Chromium for the browser tests (Playwright drives this executable; it never downloads a browser).
if ! command -v chromium >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
chromium --version 2>/dev/null

# The Aider Polyglot toolchains from Debian (functions/Dgm.Benchmarks/PolyglotLanguage.cs names what each language
# needs): Go; pytest; g++/CMake with Boost date_time; JUnit 5's console launcher, AssertJ and org.json for Java (Gradle's
# wrapper would download Gradle); and the Rust crates exercises depend on, as Debian's offline Cargo registry in
# /usr/share/cargo/registry. cargo itself comes from rustup, as for the starter suite.
polyglot_packages=(
  golang-go python3-pytest g++ cmake make libboost-date-time-dev
  openjdk-17-jdk-headless junit5 libassertj-core-java libandroid-json-org-java
  librust-anyhow-dev librust-thiserror-dev librust-rand-dev librust-time-dev
  librust-itertools-dev librust-permutohedron-dev librust-num-bigint-dev librust-num-traits-dev librust-regex-dev
)
missing=()
for package in "${polyglot_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Exercises use Go 1.21's standard library (slices, maps); Debian 12 ships 1.19, its backports a newer Go.
go_minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
if [ "$go_minor" -lt 21 ] && grep -q '^VERSION_CODENAME=bookworm$' /etc/os-release; then
  printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    | as_root tee /etc/apt/sources.list.d/dgm-bookworm-backports.sources >/dev/null
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -t bookworm-backports golang-go >/dev/null
fi
echo "polyglot toolchains: $(go version | cut -d' ' -f3), pytest $(pytest --version 2>&1 | grep -o '[0-9.]*' | head -1), cmake $(cmake --version | head -1 | cut -d' ' -f3), junit5 $(dpkg-query -W -f='${Version}' junit5)"

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
# npm ci in a folder unless its node_modules was installed from the same package-lock.json; a second argument
# (as_root) runs it with that prefix, for folders outside the repository.
npm_ci() {
  local folder=$1 run=${2:-} stamp="$1/node_modules/.dgm-lock-sha256" lock_sha
  lock_sha=$(sha256sum "$folder/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sha" ]; then
    $run npm ci --prefix "$folder" --no-audit --no-fund --loglevel=error
    echo "$lock_sha" | $run tee "$stamp" >/dev/null
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

# A Go build cache of the standard library, which Go exercises copy as theirs; redone when Go changes.
if [ "$(cat "$tools_root/go-cache/.dgm-go" 2>/dev/null)" != "$(go version)" ]; then
  as_root rm -rf "$tools_root/go-cache"
  as_root infra/sandbox-tools/go/warm-cache.sh "$tools_root/go-cache"
fi

# Jest and Babel for the Polyglot JavaScript exercises, pinned by infra/sandbox-tools/javascript's package-lock.json;
# grading links this node_modules into each exercise, as the reference links one /npm-install into every exercise.
as_root mkdir -p "$tools_root/javascript"
as_root cp infra/sandbox-tools/javascript/package.json infra/sandbox-tools/javascript/package-lock.json "$tools_root/javascript/"
npm_ci "$tools_root/javascript" as_root
echo "sandbox tools in $tools_root: .NET packs for SDK $sdk_version, a Go $(go env GOVERSION) build cache, jest $(node -p "require('$tools_root/javascript/node_modules/jest/package.json').version")"
