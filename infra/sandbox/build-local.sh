#!/usr/bin/env bash
# Builds the sandbox image (infra/sandbox/Dockerfile) on a local Docker Engine ($DOCKER_HOST, else the default socket)
# as dgm-sandbox, the image `--sandbox docker` runs every job in that has no image of its own.
#
#   --tag NAME     the image's name (default dgm-sandbox)
#   --stand-ins    for a machine that reaches no container registry, only Debian's mirror, NuGet and npm: the three
#                  images the Dockerfile starts from are made here, in the official images' layout, and tagged
#                  dgm-stand-in/…: Debian 12 from debootstrap (minbase, this machine's apt mirror), the .NET SDK of
#                  this machine's `dotnet`, and this machine's default rustup toolchain (its version, not the pinned
#                  one). Everything else is the Dockerfile's own build.
#   --rootfs TAR   with --stand-ins: a Debian 12 root file system tarball to import as the Debian stand-in, instead
#                  of one made by debootstrap (cached in ~/.cache/dgm-sandbox)
#   --runner PATH  the in-sandbox runner, published before (default: context.sh publishes functions/Dgm.Runner)
#   --host-cas     trust this machine's own certificate authorities (/usr/local/share/ca-certificates) in the image,
#                  for a TLS-inspecting proxy between the build and NuGet or npm
#
# Usage: build-local.sh [--tag NAME] [--stand-ins [--rootfs TAR]] [--runner PATH] [--host-cas]
set -euo pipefail

tag=dgm-sandbox
stand_ins=false
host_cas=false
rootfs=""
runner=()
while [ $# -gt 0 ]; do
  case "$1" in
    --tag) [ $# -ge 2 ] || { echo "build-local.sh: --tag needs a name" >&2; exit 64; }; tag=$2; shift 2 ;;
    --stand-ins) stand_ins=true; shift ;;
    --host-cas) host_cas=true; shift ;;
    --runner) [ $# -ge 2 ] && [ -x "$2" ] || { echo "build-local.sh: --runner needs an executable" >&2; exit 64; }; runner=("$2"); shift 2 ;;
    --rootfs) [ $# -ge 2 ] && [ -f "$2" ] || { echo "build-local.sh: --rootfs needs a tarball" >&2; exit 64; }; rootfs=$2; shift 2 ;;
    *) echo "build-local.sh: unknown argument '$1' (see the usage at the top of the script)" >&2; exit 64 ;;
  esac
done

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache="${XDG_CACHE_HOME:-$HOME/.cache}/dgm-sandbox"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
docker version --format '{{.Server.Version}}' >/dev/null || { echo "build-local.sh: no Docker Engine answers at ${DOCKER_HOST:-the default socket}" >&2; exit 1; }

# The first http(s) URI of this machine's apt sources (one-line or deb822 format).
apt_mirror() {
  local uri
  uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null \
    | grep -Eo '^(deb |URIs:)[^#]*' | grep -Eo 'https?://[^ ]+' | head -1 || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

# Imports the tar stream on stdin as IMAGE unless the Engine has IMAGE from the same FINGERPRINT already (so the
# build's cache holds across runs).
import_stand_in() {
  local image=$1 fingerprint=$2
  if [ "$(docker image inspect --format '{{ index .Config.Labels "dgm.fingerprint" }}' "$image" 2>/dev/null)" = "$fingerprint" ]; then
    cat >/dev/null
  else
    docker import --change "LABEL dgm.fingerprint=\"$fingerprint\"" - "$image" >/dev/null
  fi
  echo "$image"
}

debian_stand_in() {
  local tarball=${rootfs:-$cache/debian-bookworm-minbase.tar}
  if [ ! -f "$tarball" ]; then
    mkdir -p "$cache"
    debootstrap --variant=minbase bookworm "$work/rootfs" "$(apt_mirror)" >/dev/null
    # What the official slim image leaves out too: downloaded packages and package lists.
    rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
    tar -C "$work/rootfs" -cf "$tarball.partial" . && mv "$tarball.partial" "$tarball"
    rm -rf "$work/rootfs"
  fi
  import_stand_in dgm-stand-in/debian:bookworm "$tarball@$(stat -c %Y "$tarball")" < "$tarball"
}

# Only /usr/share/dotnet is copied from it; no shell or base needed.
dotnet_stand_in() {
  local sdk
  sdk=$(dirname "$(readlink -f "$(command -v dotnet)")")
  tar -C "$sdk" -c --owner=0 --group=0 --numeric-owner --transform 's|^\.|./usr/share/dotnet|' . \
    | import_stand_in dgm-stand-in/dotnet-sdk:local "$(ls "$sdk/sdk" "$sdk/shared/"* | tr -s '\n' ' ')"
}

# /usr/local/rustup with the default toolchain (without its HTML documentation) and its update hash, and
# /usr/local/cargo/bin with rustup's proxies, as the official Rust image has them.
rust_stand_in() {
  local rustup_home=${RUSTUP_HOME:-$HOME/.rustup} cargo_home=${CARGO_HOME:-$HOME/.cargo} toolchain
  toolchain=$(rustup default | cut -d' ' -f1)
  mkdir -p "$work/rust/usr/local/rustup/update-hashes" "$work/rust/usr/local/cargo/bin"
  printf 'version = "12"\ndefault_toolchain = "%s"\nprofile = "minimal"\n\n[overrides]\n' "$toolchain" > "$work/rust/usr/local/rustup/settings.toml"
  cp "$rustup_home/update-hashes/$toolchain" "$work/rust/usr/local/rustup/update-hashes/"
  for proxy in rustup cargo rustc rustdoc rustfmt cargo-fmt cargo-clippy clippy-driver; do
    [ ! -e "$cargo_home/bin/$proxy" ] || cp "$cargo_home/bin/$proxy" "$work/rust/usr/local/cargo/bin/"
  done
  tar -C "$work/rust" -cf "$work/rust.tar" --owner=0 --group=0 --numeric-owner .
  tar -C "$rustup_home" -r -f "$work/rust.tar" --owner=0 --group=0 --numeric-owner --exclude="toolchains/$toolchain/share/doc" \
    --transform 's|^|usr/local/rustup/|' "toolchains/$toolchain"
  import_stand_in dgm-stand-in/rust:local "$toolchain $(cat "$rustup_home/update-hashes/$toolchain")" < "$work/rust.tar"
  rm -rf "$work/rust" "$work/rust.tar"
}

build_args=()
if $stand_ins; then
  echo "stand-in base images (no registry):"
  debian=$(debian_stand_in)
  dotnet=$(dotnet_stand_in)
  rust=$(rust_stand_in)
  printf '  %s\n' "$debian" "$dotnet" "$rust"
  build_args=(--build-arg "DEBIAN_IMAGE=$debian" --build-arg "DOTNET_SDK_IMAGE=$dotnet" --build-arg "RUST_IMAGE=$rust")
fi

bash "$here/context.sh" "$work/context" "${runner[@]}" >/dev/null
if $host_cas; then
  find /usr/local/share/ca-certificates -name '*.crt' -exec cp {} "$work/context/extra-ca-certificates/" \;
fi
# The host's network for the build steps: apt, NuGet and npm; a daemon started without a bridge has no other.
docker build --network host --tag "$tag" "${build_args[@]}" "$work/context"
echo "built $tag"
