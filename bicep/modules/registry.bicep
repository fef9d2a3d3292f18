// Container registry for the sandbox image (`dgm-sandbox:<tag>`, built by `az acr build`).
// Admin user and anonymous pull are off: container groups pull with the sandbox pull identity (AcrPull), which is the
// only pull path. Premium because the sandbox subnet has no Internet egress: VNet-injected container groups pull
// through the registry's private endpoint, and registry private endpoints need the Premium tier.

import { builtInRoles } from 'roles.bicep'

@description('Azure region.')
param location string

@description('Registry name (5-50 letters and digits, globally unique).')
@minLength(5)
@maxLength(50)
param name string

@description('Name of the identity that container groups use to pull images (user-assigned, in this resource group).')
param pullIdentityName string

@description('Tags for every resource.')
param tags object

resource pullIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: pullIdentityName
}

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Premium'
  }
  properties: {
    adminUserEnabled: false
    anonymousPullEnabled: false
    // Public endpoint stays on (Entra ID only) so `az acr build` works from the deployer's machine; trusted Azure
    // services may reach a network-restricted registry, which managed-identity pulls from container groups need.
    publicNetworkAccess: 'Enabled'
    networkRuleBypassOptions: 'AzureServices'
    zoneRedundancy: 'Disabled'
  }
}

resource sandboxPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, pullIdentity.id, builtInRoles.acrPull)
  scope: registry
  properties: {
    principalId: pullIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.acrPull)
    description: 'Sandbox container groups pull the sandbox image.'
  }
}

output id string = registry.id
output name string = registry.name
output loginServer string = registry.properties.loginServer
