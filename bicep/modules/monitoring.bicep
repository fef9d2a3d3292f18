// Log Analytics workspace + workspace-based Application Insights with local (instrumentation-key) authentication
// disabled: only Entra ID authenticated telemetry is accepted, so the connection string the Functions host needs to
// locate the resource is not a credential. The app identity gets Monitoring Metrics Publisher for ingestion.

import { builtInRoles } from 'roles.bicep'

@description('Azure region.')
param location string

@description('Log Analytics workspace name.')
param workspaceName string

@description('Application Insights component name.')
param appInsightsName string

@description('Name of the function app identity (user-assigned, in this resource group).')
param appIdentityName string

@description('Tags for every resource.')
param tags object

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: appIdentityName
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
    features: {
      disableLocalAuth: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    DisableLocalAuth: true
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: 'Enabled'
  }
}

resource appTelemetryPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, appIdentity.id, builtInRoles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.monitoringMetricsPublisher)
    description: 'Entra ID authenticated telemetry from the Functions host (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).'
  }
}

output appInsightsId string = appInsights.id
output appInsightsName string = appInsights.name
output workspaceId string = workspace.id
