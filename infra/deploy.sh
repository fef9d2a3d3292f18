#!/usr/bin/env bash
# Deploys DgmFunctions to Azure:
#   1. creates the app resource group and the sandbox resource group (container groups only),
#   2. deploys bicep/main.bicep into the app resource group,
#   3. builds and pushes the sandbox image from infra/sandbox/ with ACR Tasks (az acr build: no local Docker),
#   4. publishes functions/Dgm.Functions and deploys the package to the Flex Consumption app,
#   5. syncs the triggers and checks that the app lists every function the package holds,
#   6. prints the app URL.
# Before anything is created it checks that both models can be deployed in the region (new deployments allowed).
# With --what-if it only shows what the template would change (az deployment group what-if).
#
# Usage: bash infra/deploy.sh <resource-group> <location> [options]   (see usage below)
#
# Needs: Azure CLI 2.60 or later, signed in (az login) with Owner (or Contributor + Role Based Access Control
# Administrator) on the subscription or on both resource groups (the template creates role assignments); the .NET 10
# SDK; zip; a subscription where ACR Tasks may run (az acr build) and with quota for the models and for Container
# Instances in the region. Nothing here reads, prints or stores a key or password: every service is reached with Entra ID.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() {
  cat >&2 <<'EOF'
Usage: bash infra/deploy.sh <resource-group> <location> [options]

  <resource-group>            resource group for the app (created if missing)
  <location>                  Azure region, e.g. swedencentral (must offer Flex Consumption, ACI in VNets, the models)
  --prefix NAME               resource name prefix, 2-10 lowercase letters/digits (default: dgm)
  --image-tag TAG             sandbox image tag (default: the git commit, else a UTC timestamp)
  --sandbox-resource-group N  resource group for sandbox container groups (default: <resource-group>-sandboxes)
  --diagnosis-model M:V       diagnosis model and version (default: main.bicep's)
  --coding-model M:V          coding model and version (default: main.bicep's)
  --what-if                   show what the deployment would change, and change nothing
EOF
  exit 2
}

step() { printf '\n==> %s\n' "$*"; }
fail() { printf 'deploy.sh: error: %s\n' "$*" >&2; exit 1; }

[ "$#" -ge 2 ] || usage
resource_group="$1"
location="$2"
shift 2

template="$repo_root/bicep/main.bicep"
# A default of main.bicep's, read from the template so the two never disagree.
template_default() { sed -n "s/^param $1 string = '\(.*\)'\$/\1/p" "$template"; }

prefix="dgm"
image_tag=""
sandbox_resource_group=""
diagnosis_model="$(template_default diagnosisModelName):$(template_default diagnosisModelVersion)"
coding_model="$(template_default codingModelName):$(template_default codingModelVersion)"
what_if=false
while [ "$#" -gt 0 ]; do
  case "$1" in
    --prefix) [ "$#" -ge 2 ] || usage; prefix="$2"; shift 2 ;;
    --diagnosis-model) [ "$#" -ge 2 ] || usage; diagnosis_model="$2"; shift 2 ;;
    --coding-model) [ "$#" -ge 2 ] || usage; coding_model="$2"; shift 2 ;;
    --what-if) what_if=true; shift ;;
    --image-tag) [ "$#" -ge 2 ] || usage; image_tag="$2"; shift 2 ;;
    --sandbox-resource-group) [ "$#" -ge 2 ] || usage; sandbox_resource_group="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) printf 'deploy.sh: unknown argument: %s\n' "$1" >&2; usage ;;
  esac
done

[[ "$prefix" =~ ^[a-z][a-z0-9]{1,9}$ ]] || fail "--prefix must be 2-10 lowercase letters and digits, starting with a letter (got '$prefix')"
if [ -z "$image_tag" ]; then
  image_tag="$(git -C "$repo_root" rev-parse --short=12 HEAD 2>/dev/null || date -u +%Y%m%d%H%M%S)"
fi
[[ "$image_tag" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || fail "--image-tag is not a valid image tag: '$image_tag'"
sandbox_resource_group="${sandbox_resource_group:-${resource_group}-sandboxes}"
[ "$sandbox_resource_group" != "$resource_group" ] || fail "the sandbox resource group must differ from the app resource group (the app gets Contributor on it)"
for model in "$diagnosis_model" "$coding_model"; do
  [[ "$model" =~ ^[A-Za-z0-9._-]+:[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || fail "a model is given as NAME:VERSION, e.g. gpt-5.6-terra:2026-07-09 (got '$model')"
done
model_sku="$(template_default diagnosisSkuName)"

sandbox_dir="$repo_root/infra/sandbox"
functions_project="$repo_root/functions/Dgm.Functions"

step "Checking prerequisites"
command -v az >/dev/null 2>&1 || fail "the Azure CLI (az) is not installed: https://learn.microsoft.com/cli/azure/install-azure-cli"
command -v dotnet >/dev/null 2>&1 || fail "the .NET SDK (dotnet) is not installed"
command -v zip >/dev/null 2>&1 || fail "zip is not installed (apt-get install zip)"
az_version="$(az version --query '"azure-cli"' -o tsv 2>/dev/null || true)"
[ -n "$az_version" ] || fail "could not read the Azure CLI version (az version)"
if [ "$(printf '%s\n%s\n' "2.60.0" "$az_version" | sort -V | head -n1)" != "2.60.0" ]; then
  fail "Azure CLI $az_version is too old for Flex Consumption deployments; 2.60.0 or later is needed (az upgrade)"
fi
az account show --output none 2>/dev/null || fail "not signed in to Azure: run 'az login' (and 'az account set --subscription <id>')"
subscription="$(az account show --query id -o tsv)"
[ -f "$template" ] || fail "missing $template"
[ -f "$sandbox_dir/Dockerfile" ] || fail "missing $sandbox_dir/Dockerfile (the sandbox image)"
ls "$functions_project"/*.csproj >/dev/null 2>&1 || fail "missing the function app project in $functions_project"
echo "subscription:           $subscription"
echo "app resource group:     $resource_group ($location)"
echo "sandbox resource group: $sandbox_resource_group"
echo "name prefix:            $prefix"
echo "sandbox image tag:      $image_tag"
echo "diagnosis model:        $diagnosis_model"
echo "coding model:           $coding_model"

# A model is deployable when the region offers that version on the SKU, for chat completions, and it is not being retired.
check_model() {
  local role="$1" name="${2%%:*}" version="${2##*:}" count offered
  count="$(az cognitiveservices model list --location "$location" \
    --query "length([?model.name=='$name' && model.version=='$version' && contains(model.skus[].name, '$model_sku') && model.lifecycleStatus!='Deprecated' && model.lifecycleStatus!='Deprecating'])" \
    -o tsv)"
  if [ "${count:-0}" -lt 1 ]; then
    offered="$(az cognitiveservices model list --location "$location" \
      --query "[?model.lifecycleStatus=='GenerallyAvailable' && model.capabilities.chatCompletion=='true' && contains(model.skus[].name, '$model_sku')].join(':', [model.name, model.version])" \
      -o tsv | sort -u | tr '\n' ' ')"
    fail "the $role model $name $version cannot be deployed on $model_sku in $location (retired, deprecated or not offered there). Deployable there now: ${offered:-none}. Choose one with --$role-model NAME:VERSION."
  fi
}
step "Checking that the models can be deployed in $location"
check_model diagnosis "$diagnosis_model"
check_model coding "$coding_model"
model_parameters=(
  diagnosisModelName="${diagnosis_model%%:*}" diagnosisModelVersion="${diagnosis_model##*:}"
  codingModelName="${coding_model%%:*}" codingModelVersion="${coding_model##*:}"
)

if [ "$what_if" = true ]; then
  step "What the deployment would change (nothing is created)"
  [ "$(az group exists --name "$resource_group")" = true ] \
    || fail "resource group $resource_group does not exist yet, so everything would be created; what-if needs the group (az group create --name $resource_group --location $location)"
  az deployment group what-if \
    --resource-group "$resource_group" \
    --template-file "$template" \
    --parameters location="$location" namePrefix="$prefix" sandboxResourceGroupName="$sandbox_resource_group" sandboxImageTag="$image_tag" "${model_parameters[@]}" \
    --only-show-errors
  exit 0
fi

step "Registering resource providers (no-op when already registered)"
for namespace in Microsoft.App Microsoft.Web Microsoft.Storage Microsoft.ContainerInstance Microsoft.ContainerRegistry \
  Microsoft.CognitiveServices Microsoft.Network Microsoft.ManagedIdentity Microsoft.Insights Microsoft.OperationalInsights; do
  az provider register --namespace "$namespace" --wait --only-show-errors --output none
done

step "Creating resource groups"
az group create --name "$resource_group" --location "$location" --only-show-errors --output none
az group create --name "$sandbox_resource_group" --location "$location" --only-show-errors --output none

deployment_name="dgm-$(date -u +%Y%m%d%H%M%S)"
step "Deploying bicep/main.bicep as deployment '$deployment_name' (takes several minutes)"
az deployment group create \
  --resource-group "$resource_group" \
  --name "$deployment_name" \
  --template-file "$template" \
  --parameters location="$location" namePrefix="$prefix" sandboxResourceGroupName="$sandbox_resource_group" sandboxImageTag="$image_tag" "${model_parameters[@]}" \
  --only-show-errors --output none

output() {
  az deployment group show --resource-group "$resource_group" --name "$deployment_name" \
    --query "properties.outputs.$1.value" -o tsv
}
app_name="$(output appName)"
app_host="$(output appHostName)"
acr_name="$(output acrName)"
sandbox_image="$(output sandboxImage)"
if [ -z "$app_name" ] || [ -z "$app_host" ] || [ -z "$acr_name" ]; then
  fail "the deployment did not return the expected outputs"
fi
echo "function app:  $app_name"
echo "registry:      $acr_name"

work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT
step "Publishing the sandbox runner (functions/Dgm.Runner, a self-contained linux-x64 executable)"
image_context="$work_dir/sandbox-image"
bash "$sandbox_dir/context.sh" "$image_context"

step "Building the sandbox image $sandbox_image with ACR Tasks"
# The context (infra/sandbox/context.sh) is uploaded to the registry's build service.
az acr build \
  --registry "$acr_name" \
  --image "dgm-sandbox:$image_tag" \
  --file Dockerfile \
  --only-show-errors \
  "$image_context"
step "Publishing functions/Dgm.Functions (Release)"
dotnet publish "$functions_project" --configuration Release --output "$work_dir/publish" --nologo
[ -f "$work_dir/publish/host.json" ] || fail "the published output has no host.json at its root"
(cd "$work_dir/publish" && zip -q -r "$work_dir/app.zip" .)

step "Deploying the package to $app_name"
# Flex Consumption: the CLI uploads through the app's OneDeploy endpoint with an Entra ID token (basic publishing
# credentials are disabled on the app). New role assignments (the app identity on the deployment container) can take a
# few minutes to propagate on a first deployment, so retry.
attempt=1
until az functionapp deployment source config-zip \
  --resource-group "$resource_group" \
  --name "$app_name" \
  --src "$work_dir/app.zip" \
  --only-show-errors --output none; do
  [ "$attempt" -lt 5 ] || fail "package deployment failed $attempt times"
  echo "package deployment failed (attempt $attempt); retrying in 60 s while role assignments propagate"
  attempt=$((attempt + 1))
  sleep "${DGM_DEPLOY_RETRY_SECONDS:-60}"
done

step "Syncing triggers and checking the function list"
# The package's functions, from the metadata the SDK generates (top-level entries only; bindings are nested deeper).
expected="$(sed -n 's/^    "name": "\([^"]*\)",$/\1/p' "$work_dir/publish/functions.metadata" | sort -u)"
[ -n "$expected" ] || fail "the published output lists no functions in functions.metadata"
sync_url="https://management.azure.com/subscriptions/$subscription/resourceGroups/$resource_group/providers/Microsoft.Web/sites/$app_name/syncfunctiontriggers?api-version=2024-04-01"
missing="$expected"
for attempt in 1 2 3 4 5 6; do
  az rest --method post --url "$sync_url" --only-show-errors --output none || true
  # The CLI lists functions as <app>/<function>.
  listed="$(az functionapp function list --resource-group "$resource_group" --name "$app_name" --query "[].name" -o tsv 2>/dev/null | sed 's|.*/||' | sort -u)"
  missing="$(comm -23 <(printf '%s\n' "$expected") <(printf '%s\n' "$listed"))"
  [ -n "$missing" ] || break
  echo "the app does not list every function yet (attempt $attempt); syncing again in 30 s"
  sleep "${DGM_DEPLOY_RETRY_SECONDS:-30}"
done
[ -z "$missing" ] || fail "after the deployment the app does not list these functions: $(printf '%s' "$missing" | tr '\n' ' ')— check the app's logs (Application Insights) for a worker that failed to start"
echo "functions:    $(printf '%s\n' "$expected" | wc -l | tr -d ' ') listed"

step "Done"
echo "app:          https://$app_host"
echo "gateway:      $(output gatewayUrl)"
echo "sandbox RG:   $sandbox_resource_group"
echo "OpenAI:       $(output openAIEndpoint)"
