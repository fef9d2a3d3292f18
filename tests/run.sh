#!/usr/bin/env bash
# The README's test command: builds the solution once, then runs its test projects two at a time (DGM_TEST_JOBS),
# the longest first. `dotnet test DgmFunctions.sln` runs them one after another, and most of them wait on sandboxes,
# containers and timers rather than on the CPU. Each project's output is printed whole when it ends; the exit status
# is non-zero when any project failed, and the failed ones are named again at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=${DGM_TEST_JOBS:-2}
dotnet build DgmFunctions.sln -c Release

# Longest first, so the two workers end close together; any project not named here runs after these.
longest=(Local Cli Benchmarks Reports Runner Azure Functions Agent Workflow)
projects=()
for name in "${longest[@]}"; do
  projects+=("tests/Dgm.$name.Tests/Dgm.$name.Tests.csproj")
done
for project in tests/*/*.Tests.csproj; do
  [[ " ${projects[*]} " == *" $project "* ]] || projects+=("$project")
done

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
run_one() {
  local project=$1 logs=$2 name started
  name=$(basename "$project" .csproj)
  started=$SECONDS
  local verdict=passed
  if ! dotnet test "$project" -c Release --no-build "${@:3}" > "$logs/$name.log" 2>&1; then
    verdict=FAILED
    touch "$logs/$name.failed"
  fi
  # One project's output at a time, never interleaved with the other worker's.
  { echo "== $name $verdict in $((SECONDS - started)) s"; cat "$logs/$name.log"; } | flock "$logs/.print" cat
}
export -f run_one

printf '%s\n' "${projects[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one "$@"' _ {} "$logs" "$@"

failed=$(find "$logs" -name '*.failed' -printf '%f\n' | sed 's/\.failed$//' | sort)
if [[ -n "$failed" ]]; then
  echo "failed: $(echo "$failed" | tr '\n' ' ')"
  exit 1
fi
echo "all ${#projects[@]} test projects passed"
