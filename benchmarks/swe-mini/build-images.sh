#!/usr/bin/env bash
# Builds the swe-mini task images locally, in the SWE-bench harness's layout, with no registry:
#   swebench/sweb.eval.x86_64.<instance id, "__" as "_1776_">:latest   (the name `dgm bench import --format swebench` expects)
#   /testbed                          the task's repository (repos/<name>/) committed at the instance's base_commit
#   /opt/miniconda3/bin/activate      see activate.sh: a stand-in for conda, which cannot be installed here
#   /opt/miniconda3/envs/testbed      a python venv (system site packages: python3, pytest, setuptools) with /testbed
#                                     on its path, as the harness's `pip install -e .` leaves it; for the repositories
#                                     in $installed_copies, a copy of the package installed as an egg instead, as
#                                     `python setup.py install` (Django before 3.0) leaves it, so the grade's reinstall
#                                     is what brings a patch to the tests
# The root file system is a Debian bookworm minbase (debootstrap) with python3, pytest, setuptools and git: the tarball the Docker
# tests cache (~/.cache/dgm-tests/), made here with the same debootstrap command when missing.
#
# Usage: build-images.sh [--rootfs TARBALL]       (talks to the Engine at $DOCKER_HOST, else the default socket)
#        build-images.sh --check-commits          only checks that tasks.jsonl's base_commit values are what this makes
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tasks="$here/tasks.jsonl"
packages=python3,python3-pytest,python3-setuptools,git,libicu72
# Repositories whose task poses as a version the harness installs with `python setup.py install`.
installed_copies=" textkit "
cache="${XDG_CACHE_HOME:-$HOME/.cache}/dgm-tests"
rootfs="$cache/docker-base-bookworm-${packages//,/-}.tar"
check_only=false
while [ $# -gt 0 ]; do
  case "$1" in
    --rootfs) rootfs="$2"; shift 2 ;;
    --check-commits) check_only=true; shift ;;
    *) echo "build-images.sh: unknown argument '$1' (see the usage at the top of the script)" >&2; exit 64 ;;
  esac
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Commits repos/<name> into <dest>/.git with a fixed author, committer and date, so the hash is the same on every
# machine and the JSONL can name it. File modes are set explicitly: git records the executable bit.
commit_repo() {
  local name="$1" dest="$2"
  cp -r "$here/repos/$name" "$dest"
  find "$dest" -type d -exec chmod 755 {} + && find "$dest" -type f -exec chmod 644 {} +
  find "$dest" -type f \( -path '*/bin/*' -o -name runtests.py \) -exec chmod 755 {} +
  (
    cd "$dest"
    export GIT_AUTHOR_NAME=swe-mini GIT_AUTHOR_EMAIL=swe-mini@dgm.invalid GIT_AUTHOR_DATE='2026-01-01T00:00:00Z'
    export GIT_COMMITTER_NAME=swe-mini GIT_COMMITTER_EMAIL=swe-mini@dgm.invalid GIT_COMMITTER_DATE='2026-01-01T00:00:00Z'
    export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
    git init -q -b main .
    git add -A
    git -c core.autocrlf=false -c commit.gpgSign=false commit -q -m "$name at its base commit"
    git rev-parse HEAD
  )
}

# instance_id and base_commit of every task: swe-mini__<repository folder>-<n>.
mapfile -t instances < <(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    if line.strip():
        task = json.loads(line)
        print(task["instance_id"], task["base_commit"])' "$tasks")

declare -A commits
for entry in "${instances[@]}"; do
  read -r id expected <<<"$entry"
  name="${id#*__}"; name="${name%-*}"
  if [ ! -d "$here/repos/$name" ]; then
    echo "build-images.sh: $tasks: $id names no repository folder repos/$name" >&2; exit 1
  fi
  if [ -z "${commits[$name]:-}" ]; then
    commits[$name]=$(commit_repo "$name" "$work/$name")
  fi
  if [ "${commits[$name]}" != "$expected" ]; then
    echo "build-images.sh: $tasks: $id has base_commit $expected, but repos/$name commits as ${commits[$name]}" >&2; exit 1
  fi
done
if $check_only; then
  echo "base commits match: ${!commits[*]}"
  exit 0
fi

if [ ! -f "$rootfs" ]; then
  # The Debian mirror of the host's apt sources, as the Docker tests choose it.
  mirror=$(grep -rhoE 'https?://[^ ]+/debian/?' /etc/apt/sources.list /etc/apt/sources.list.d 2>/dev/null | head -n1 || true)
  mkdir -p "$cache"
  debootstrap --variant=minbase --include="$packages" bookworm "$work/rootfs" "${mirror:-http://deb.debian.org/debian}"
  tar -C "$work/rootfs" -cf "$rootfs.partial" . && mv "$rootfs.partial" "$rootfs"
fi

# Each image is one `docker import` of the root file system with the environment and the repository added: no
# container runs to build it, and the Engine copies the files once (a layer per step would copy them again each).
python=$(tar -tf "$rootfs" | grep -oE '^\./usr/lib/python3\.[0-9]+/$' | cut -d/ -f4 | sort -u)
env="$work/env/opt/miniconda3"
mkdir -p "$env/bin" "$env/envs/testbed/bin" "$env/envs/testbed/lib/$python/site-packages"
cp "$here/activate.sh" "$env/bin/activate"
# A venv as `python3 -m venv --system-site-packages` makes it, written out so that no build step has to run python.
printf 'home = /usr/bin\ninclude-system-site-packages = true\nversion = %s\n' "${python#python}" >"$env/envs/testbed/pyvenv.cfg"
ln -s /usr/bin/python3 "$env/envs/testbed/bin/python" && ln -s python "$env/envs/testbed/bin/python3"
printf 'export VIRTUAL_ENV=/opt/miniconda3/envs/testbed\nexport PATH="$VIRTUAL_ENV/bin:$PATH"\n' >"$env/envs/testbed/bin/activate"
# pytest as pip installs its entry point into an environment: run by the environment's python, which sees /testbed.
printf '#!/opt/miniconda3/envs/testbed/bin/python\nimport sys\nfrom pytest import console_main\nsys.exit(console_main())\n' >"$env/envs/testbed/bin/pytest"
chmod 755 "$env/envs/testbed/bin/pytest"

for entry in "${instances[@]}"; do
  read -r id base <<<"$entry"
  name="${id#*__}"; name="${name%-*}"
  image="swebench/sweb.eval.x86_64.${id//__/_1776_}"
  image="${image,,}:latest"
  # The environment with this repository's install; one tar entry per path (the Engine refuses duplicates).
  rm -rf "$work/image-env" && cp -a "$work/env" "$work/image-env"
  site="$work/image-env/opt/miniconda3/envs/testbed/lib/$python/site-packages"
  if [[ "$installed_copies" == *" $name "* ]]; then
    # What setuptools' `setup.py install` leaves: the package in an egg folder that easy-install.pth puts on the path.
    version=$(grep -oE 'version="[^"]+"' "$here/repos/$name/setup.py" | cut -d'"' -f2)
    egg="$name-$version-py${python#python}.egg"
    mkdir -p "$site/$egg/EGG-INFO"
    cp -r "$work/$name/$name" "$site/$egg/"
    printf 'Metadata-Version: 2.1\nName: %s\nVersion: %s\n' "$name" "$version" >"$site/$egg/EGG-INFO/PKG-INFO"
    echo "./$egg" >"$site/easy-install.pth"
  else
    echo /testbed >"$site/testbed.pth"
  fi
  cp "$rootfs" "$work/image.tar"
  tar -rf "$work/image.tar" --owner=0 --group=0 --numeric-owner -C "$work/image-env" ./opt/miniconda3
  tar -rf "$work/image.tar" --owner=0 --group=0 --numeric-owner --transform "s|^\./$name|./testbed|" -C "$work" "./$name"
  docker import -c 'WORKDIR /testbed' -c "LABEL swe-mini.instance_id=$id swe-mini.base_commit=$base" "$work/image.tar" "$image" >/dev/null
  rm "$work/image.tar"
  echo "$image ($id at $base)"
done
