// Deployed at the scope of the sandbox resource group: lets the function app identity create, poll and delete the
// container groups that run sandbox jobs there (and nothing outside that resource group).

import { builtInRoles } from 'roles.bicep'

@description('Name of the function app identity.')
param appIdentityName string

@description('Resource group that holds the function app identity.')
param appIdentityResourceGroupName string

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: appIdentityName
  scope: resourceGroup(appIdentityResourceGroupName)
}

resource appContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, appIdentity.id, builtInRoles.contributor)
  properties: {
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.contributor)
    description: 'Function app creates, polls and deletes sandbox container groups in this resource group.'
  }
}

output resourceGroupName string = resourceGroup().name
