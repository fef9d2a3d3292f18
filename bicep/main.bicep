// DgmFunctions on Azure: a Darwin Gödel Machine as a durable serverless pipeline.
//
// Resource-group scope. Deploys into the "app" resource group and grants the function app Contributor on a second,
// already existing resource group that holds only the sandbox container groups the app creates and deletes at run
// time (`sandboxResourceGroupName`; infra/deploy.sh creates both groups). See README.md in this folder.
//
// No keys, passwords or connection strings: every service is reached with Entra ID (managed identities), shared-key
// storage access, Azure OpenAI keys, the registry admin user, App Insights instrumentation-key ingestion and
// SCM/FTP basic auth are all disabled.

targetScope = 'resourceGroup'

@description('Azure region for every resource (must offer Flex Consumption, Container Instances in VNets and the chosen OpenAI models).')
param location string = resourceGroup().location

@description('Short lowercase prefix for resource names (letters and digits, starts with a letter).')
@minLength(2)
@maxLength(10)
param namePrefix string = 'dgm'

@description('Existing resource group in the same subscription for the sandbox container groups. The function app gets Contributor on it, so keep nothing else there.')
param sandboxResourceGroupName string = '${resourceGroup().name}-sandboxes'

@description('Tag of the sandbox image (<registry>/dgm-sandbox:<tag>) that sandbox jobs run.')
param sandboxImageTag string = 'latest'

@description('Deployment name of the diagnosis model (outer loop).')
param diagnosisDeploymentName string = 'diagnosis'

@description('Diagnosis model name (a generally available model the region deploys for new customers; `az cognitiveservices model list` shows them).')
param diagnosisModelName string = 'gpt-5.6-sol'

@description('Diagnosis model version.')
param diagnosisModelVersion string = '2026-07-09'

@description('Diagnosis deployment SKU (GlobalStandard, DataZoneStandard, Standard, ...).')
param diagnosisSkuName string = 'GlobalStandard'

@description('Diagnosis deployment capacity, in thousands of tokens per minute.')
@minValue(1)
param diagnosisCapacity int = 50

@description('Deployment name of the coding model (what agents call through the gateway).')
param codingDeploymentName string = 'coding'

@description('Coding model name (a generally available model that serves chat completions with tools).')
param codingModelName string = 'gpt-5.6-terra'

@description('Coding model version.')
param codingModelVersion string = '2026-07-09'

@description('Coding deployment SKU (GlobalStandard, DataZoneStandard, Standard, ...).')
param codingSkuName string = 'GlobalStandard'

@description('Coding deployment capacity, in thousands of tokens per minute.')
@minValue(1)
param codingCapacity int = 100

@description('Flex Consumption: maximum instances the function app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Flex Consumption: memory per instance, MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Default dollar budget of a run when its configuration sets none (Dgm__Budget__DefaultDollars).')
@minValue(0)
param defaultBudgetDollars int = 100

@description('Default token budget of a run when its configuration sets none (Dgm__Budget__DefaultTokens).')
@minValue(0)
param defaultBudgetTokens int = 50000000

@description('Address space of the virtual network.')
param vnetAddressPrefix string = '10.40.0.0/16'

@description('Function app VNet integration subnet.')
param appSubnetPrefix string = '10.40.0.0/24'

@description('Private endpoint subnet.')
param endpointsSubnetPrefix string = '10.40.1.0/24'

@description('Sandbox (container group) subnet: one address per running sandbox.')
param sandboxSubnetPrefix string = '10.40.4.0/22'

@description('Tags for every resource.')
param tags object = {
  application: 'DgmFunctions'
}

var suffix = take(uniqueString(resourceGroup().id), 6)
var compactPrefix = toLower(replace(namePrefix, '-', ''))
var names = {
  appIdentity: '${namePrefix}-app-id'
  sandboxPullIdentity: '${namePrefix}-sandbox-pull-id'
  storage: take('${compactPrefix}st${suffix}', 24)
  workspace: '${namePrefix}-law-${suffix}'
  appInsights: '${namePrefix}-appi-${suffix}'
  vnet: '${namePrefix}-vnet'
  sandboxNsg: '${namePrefix}-sandboxes-nsg'
  natGateway: '${namePrefix}-nat'
  registry: '${compactPrefix}acr${suffix}'
  openAI: '${namePrefix}-oai-${suffix}'
  plan: '${namePrefix}-plan-${suffix}'
  app: '${namePrefix}-func-${suffix}'
}
var artifactsContainerName = 'dgm'
var deploymentContainerName = 'app-package'
var sandboxImageRepository = 'dgm-sandbox'
var sandboxImage = '${registry.outputs.loginServer}/${sandboxImageRepository}:${sandboxImageTag}'

module identities 'modules/identities.bicep' = {
  name: 'identities'
  params: {
    location: location
    appIdentityName: names.appIdentity
    sandboxPullIdentityName: names.sandboxPullIdentity
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: names.storage
    artifactsContainerName: artifactsContainerName
    deploymentContainerName: deploymentContainerName
    appIdentityName: names.appIdentity
    tags: tags
  }
  dependsOn: [
    identities
  ]
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    appIdentityName: names.appIdentity
    tags: tags
  }
  dependsOn: [
    identities
  ]
}

module network 'modules/network.bicep' = {
  name: 'network'
  params: {
    location: location
    vnetName: names.vnet
    sandboxNsgName: names.sandboxNsg
    natGatewayName: names.natGateway
    addressPrefix: vnetAddressPrefix
    appSubnetPrefix: appSubnetPrefix
    endpointsSubnetPrefix: endpointsSubnetPrefix
    sandboxSubnetPrefix: sandboxSubnetPrefix
    appIdentityName: names.appIdentity
    tags: tags
  }
  dependsOn: [
    identities
  ]
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: {
    location: location
    name: names.registry
    pullIdentityName: names.sandboxPullIdentity
    tags: tags
  }
  dependsOn: [
    identities
  ]
}

module openAI 'modules/openai.bicep' = {
  name: 'openai'
  params: {
    location: location
    name: names.openAI
    diagnosis: {
      deploymentName: diagnosisDeploymentName
      modelName: diagnosisModelName
      modelVersion: diagnosisModelVersion
      skuName: diagnosisSkuName
      capacity: diagnosisCapacity
    }
    coding: {
      deploymentName: codingDeploymentName
      modelName: codingModelName
      modelVersion: codingModelVersion
      skuName: codingSkuName
      capacity: codingCapacity
    }
    appIdentityName: names.appIdentity
    tags: tags
  }
  dependsOn: [
    identities
  ]
}

module sandboxAccess 'modules/sandbox-access.bicep' = {
  name: 'sandbox-access'
  scope: resourceGroup(sandboxResourceGroupName)
  params: {
    appIdentityName: names.appIdentity
    appIdentityResourceGroupName: resourceGroup().name
  }
  dependsOn: [
    identities
  ]
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    name: names.app
    planName: names.plan
    appIdentityId: identities.outputs.appIdentityId
    appClientId: identities.outputs.appClientId
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    appInsightsName: names.appInsights
    integrationSubnetId: network.outputs.appSubnetId
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    dgm: {
      artifactsBlobServiceUri: storage.outputs.blobEndpoint
      artifactsContainer: storage.outputs.artifactsContainerName
      azureOpenAIEndpoint: openAI.outputs.endpoint
      diagnosisDeployment: openAI.outputs.diagnosisDeploymentName
      codingDeployment: openAI.outputs.codingDeploymentName
      sandboxSubscriptionId: subscription().subscriptionId
      sandboxResourceGroup: sandboxAccess.outputs.resourceGroupName
      sandboxLocation: location
      sandboxImage: sandboxImage
      sandboxRegistryServer: registry.outputs.loginServer
      sandboxIdentityResourceId: identities.outputs.sandboxPullIdentityId
      sandboxSubnetId: network.outputs.sandboxSubnetId
      defaultBudgetDollars: defaultBudgetDollars
      defaultBudgetTokens: defaultBudgetTokens
    }
    tags: tags
  }
  dependsOn: [
    monitoring
  ]
}

module privateDns 'modules/private-dns.bicep' = {
  name: 'private-dns'
  params: {
    vnetId: network.outputs.vnetId
    tags: tags
  }
}

module blobEndpoint 'modules/private-endpoint.bicep' = {
  name: 'pe-blob'
  params: {
    location: location
    name: '${namePrefix}-pe-blob'
    subnetId: network.outputs.endpointsSubnetId
    targetResourceId: storage.outputs.id
    groupId: 'blob'
    privateDnsZoneId: privateDns.outputs.blobZoneId
    tags: tags
  }
}

module gatewayEndpoint 'modules/private-endpoint.bicep' = {
  name: 'pe-gateway'
  params: {
    location: location
    name: '${namePrefix}-pe-func'
    subnetId: network.outputs.endpointsSubnetId
    targetResourceId: functionApp.outputs.id
    groupId: 'sites'
    privateDnsZoneId: privateDns.outputs.sitesZoneId
    tags: tags
  }
}

module registryEndpoint 'modules/private-endpoint.bicep' = {
  name: 'pe-registry'
  params: {
    location: location
    name: '${namePrefix}-pe-acr'
    subnetId: network.outputs.endpointsSubnetId
    targetResourceId: registry.outputs.id
    groupId: 'registry'
    privateDnsZoneId: privateDns.outputs.registryZoneId
    tags: tags
  }
}

@description('Function app name.')
output appName string = functionApp.outputs.name

@description('Function app default host name.')
output appHostName string = functionApp.outputs.defaultHostName

@description('Model gateway URL handed to sandboxes (resolves to the private endpoint inside the VNet).')
output gatewayUrl string = functionApp.outputs.gatewayUrl

@description('Storage account name.')
output storageAccountName string = storage.outputs.name

@description('Container registry name (for az acr build).')
output acrName string = registry.outputs.name

@description('Container registry login server.')
output acrLoginServer string = registry.outputs.loginServer

@description('Sandbox image reference the app runs.')
output sandboxImage string = sandboxImage

@description('Azure OpenAI endpoint.')
output openAIEndpoint string = openAI.outputs.endpoint

@description('Resource group of the sandbox container groups.')
output sandboxResourceGroup string = sandboxAccess.outputs.resourceGroupName

@description('Sandbox subnet id (container groups join it).')
output sandboxSubnetId string = network.outputs.sandboxSubnetId

@description('Client id of the function app identity.')
output appIdentityClientId string = identities.outputs.appClientId

@description('Client id of the sandbox image-pull identity.')
output sandboxPullIdentityClientId string = identities.outputs.sandboxPullClientId

@description('Resource id of the sandbox image-pull identity.')
output sandboxPullIdentityResourceId string = identities.outputs.sandboxPullIdentityId
