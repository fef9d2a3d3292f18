// Azure OpenAI account (Entra ID only: local/key auth disabled) with the two model deployments the DGM uses:
// `diagnosis` (outer loop: reads a parent's failures and writes the self-improvement task) and `coding` (what agents
// call from their sandboxes, always through the model gateway). The app identity gets Cognitive Services OpenAI User.

import { builtInRoles } from 'roles.bicep'

@description('Azure region (must offer the chosen models and SKUs).')
param location string

@description('Account name; also the custom subdomain of the endpoint (https://<name>.openai.azure.com/).')
param name string

@description('Diagnosis model deployment.')
param diagnosis modelDeployment

@description('Coding model deployment.')
param coding modelDeployment

@description('Name of the function app identity (user-assigned, in this resource group).')
param appIdentityName string

@description('Tags for every resource.')
param tags object

@description('One model deployment on the account.')
type modelDeployment = {
  @description('Deployment name (what the app passes as the model name).')
  deploymentName: string
  @description('Model name, e.g. gpt-4.1.')
  modelName: string
  @description('Model version, e.g. 2025-04-14.')
  modelVersion: string
  @description('Deployment SKU, e.g. GlobalStandard, DataZoneStandard, Standard.')
  skuName: string
  @description('Capacity in units of 1,000 tokens per minute.')
  @minValue(1)
  capacity: int
}

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: appIdentityName
}

resource account 'Microsoft.CognitiveServices/accounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: {
    name: 'S0'
  }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
    restrictOutboundNetworkAccess: true
  }
}

resource diagnosisDeployment 'Microsoft.CognitiveServices/accounts/deployments@2025-06-01' = {
  parent: account
  name: diagnosis.deploymentName
  sku: {
    name: diagnosis.skuName
    capacity: diagnosis.capacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: diagnosis.modelName
      version: diagnosis.modelVersion
    }
    versionUpgradeOption: 'NoAutoUpgrade'
  }
}

// Deployments on one account are created one at a time; the service rejects concurrent writes.
resource codingDeployment 'Microsoft.CognitiveServices/accounts/deployments@2025-06-01' = {
  parent: account
  name: coding.deploymentName
  sku: {
    name: coding.skuName
    capacity: coding.capacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: coding.modelName
      version: coding.modelVersion
    }
    versionUpgradeOption: 'NoAutoUpgrade'
  }
  dependsOn: [
    diagnosisDeployment
  ]
}

resource appOpenAIUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, appIdentity.id, builtInRoles.cognitiveServicesOpenAIUser)
  scope: account
  properties: {
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.cognitiveServicesOpenAIUser)
    description: 'Diagnosis calls and the model gateway call the deployments with the app identity.'
  }
}

output id string = account.id
output name string = account.name
output endpoint string = account.properties.endpoint
output diagnosisDeploymentName string = diagnosisDeployment.name
output codingDeploymentName string = codingDeployment.name
