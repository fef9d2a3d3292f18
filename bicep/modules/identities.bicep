// User-assigned managed identities:
// - the function app's identity (storage, Durable Functions, Azure OpenAI, ARM calls that create sandboxes, telemetry);
// - the sandbox pull identity that container groups carry only to pull the sandbox image from the registry (AcrPull).
// The app identity may attach the pull identity to the container groups it creates (Managed Identity Operator on
// that one identity).

import { builtInRoles } from 'roles.bicep'

@description('Azure region.')
param location string

@description('Name of the function app identity.')
param appIdentityName string

@description('Name of the identity that sandbox container groups use for image pulls.')
param sandboxPullIdentityName string

@description('Tags for every resource.')
param tags object

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: appIdentityName
  location: location
  tags: tags
}

resource sandboxPullIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: sandboxPullIdentityName
  location: location
  tags: tags
}

resource appMayAssignPullIdentity 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(sandboxPullIdentity.id, appIdentity.id, builtInRoles.managedIdentityOperator)
  scope: sandboxPullIdentity
  properties: {
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.managedIdentityOperator)
    description: 'Function app attaches the sandbox pull identity to the container groups it creates.'
  }
}

output appIdentityId string = appIdentity.id
output appIdentityName string = appIdentity.name
output appPrincipalId string = appIdentity.properties.principalId
output appClientId string = appIdentity.properties.clientId
output sandboxPullIdentityId string = sandboxPullIdentity.id
output sandboxPullPrincipalId string = sandboxPullIdentity.properties.principalId
output sandboxPullClientId string = sandboxPullIdentity.properties.clientId
