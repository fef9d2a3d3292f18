// The storage account: Functions host state, Durable Functions state (queues + tables + blobs), the artifact store
// (container `dgm`) and the Flex Consumption deployment package container. Entra ID only: shared keys are disabled,
// so no connection string or account key exists anywhere; sandboxes get user-delegation SAS URLs signed with the
// app identity's Entra credentials.

import { builtInRoles } from 'roles.bicep'

@description('Azure region.')
param location string

@description('Storage account name (3-24 lowercase letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Blob container for DGM artifacts (runs, nodes, snapshots, builds, benchmarks).')
param artifactsContainerName string

@description('Blob container that holds the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Name of the function app identity (user-assigned, in this resource group).')
param appIdentityName string

@description('Tags for every resource.')
param tags object

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: appIdentityName
}

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      // Reachable from the Functions platform and the deploying user; every request still needs Entra ID.
      // Sandboxes never use this path: their subnet denies Internet and they reach blobs via the private endpoint.
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource artifactsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: artifactsContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Blob Data Owner also grants generateUserDelegationKey/action, so no separate Storage Blob Delegator assignment.
resource appBlobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, appIdentity.id, builtInRoles.storageBlobDataOwner)
  scope: account
  properties: {
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.storageBlobDataOwner)
    description: 'Functions host, Durable Functions, deployment package and DGM artifacts (blob).'
  }
}

resource appQueueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, appIdentity.id, builtInRoles.storageQueueDataContributor)
  scope: account
  properties: {
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.storageQueueDataContributor)
    description: 'Durable Functions (Azure Storage provider) queues.'
  }
}

resource appTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, appIdentity.id, builtInRoles.storageTableDataContributor)
  scope: account
  properties: {
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.storageTableDataContributor)
    description: 'Durable Functions (Azure Storage provider) tables.'
  }
}

output id string = account.id
output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output artifactsContainerName string = artifactsContainer.name
output deploymentContainerName string = deploymentContainer.name
