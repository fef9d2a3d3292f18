// The Flex Consumption function app (Linux, .NET 10 isolated worker) that hosts the DGM orchestrations, the HTTP
// triggers and the model gateway. Everything it touches is reached with its user-assigned identity: host storage and
// Durable Functions state (identity-based AzureWebJobsStorage), the deployment package container, Application
// Insights (Entra ID ingestion), Azure OpenAI and Azure Resource Manager. Basic (publishing-profile) authentication for
// SCM and FTP is switched off, so the app has no password either.

@description('Azure region.')
param location string

@description('Function app name (globally unique; default host name <name>.azurewebsites.net).')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Resource id of the function app identity.')
param appIdentityId string

@description('Client id of the function app identity.')
param appClientId string

@description('Storage account for host state, Durable Functions and the deployment package.')
param storageAccountName string

@description('Blob endpoint of that storage account, with trailing slash.')
param blobEndpoint string

@description('Blob container holding the deployment package.')
param deploymentContainerName string

@description('Application Insights component (local auth disabled) in this resource group.')
param appInsightsName string

@description('Subnet for VNet integration (delegated to Microsoft.App/environments).')
param integrationSubnetId string

@description('Maximum number of instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory per instance, MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Values of the DGM settings (Dgm__Section__Key app settings) the app reads through .NET configuration.')
param dgm dgmConfiguration

@description('Tags for every resource.')
param tags object

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${appIdentityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    publicNetworkAccess: 'Enabled'
    virtualNetworkSubnetId: integrationSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: appIdentityId
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
    }
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

// The complete list of app settings (this resource replaces the list). A separate resource so that the gateway URL can
// use the site's own host name. `__` is the .NET configuration section separator.
resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    // Identity-based host storage; Durable Functions uses it too (host.json: connectionName AzureWebJobsStorage).
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: appClientId
    // DefaultAzureCredential in the app picks the user-assigned identity.
    AZURE_CLIENT_ID: appClientId
    // Locates the Application Insights component (instrumentation key + ingestion endpoint). Not a credential here:
    // the component has DisableLocalAuth = true and accepts only Entra ID authenticated telemetry, which the host
    // sends as the identity named in APPLICATIONINSIGHTS_AUTHENTICATION_STRING. The Functions host has no other
    // setting that tells it where to send telemetry.
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${appClientId}'
    Dgm__Artifacts__BlobServiceUri: dgm.artifactsBlobServiceUri
    Dgm__Artifacts__Container: dgm.artifactsContainer
    Dgm__Models__AzureOpenAIEndpoint: dgm.azureOpenAIEndpoint
    Dgm__Models__DiagnosisDeployment: dgm.diagnosisDeployment
    Dgm__Models__CodingDeployment: dgm.codingDeployment
    Dgm__Sandbox__SubscriptionId: dgm.sandboxSubscriptionId
    Dgm__Sandbox__ResourceGroup: dgm.sandboxResourceGroup
    Dgm__Sandbox__Location: dgm.sandboxLocation
    Dgm__Sandbox__Image: dgm.sandboxImage
    Dgm__Sandbox__RegistryServer: dgm.sandboxRegistryServer
    Dgm__Sandbox__IdentityResourceId: dgm.sandboxIdentityResourceId
    Dgm__Sandbox__SubnetId: dgm.sandboxSubnetId
    Dgm__Gateway__PublicUrl: gatewayUrl
    Dgm__Budget__DefaultDollars: string(dgm.defaultBudgetDollars)
    Dgm__Budget__DefaultTokens: string(dgm.defaultBudgetTokens)
  }
}

var gatewayUrl = 'https://${site.properties.defaultHostName}/api/gateway'

output id string = site.id
output name string = site.name
output defaultHostName string = site.properties.defaultHostName
output gatewayUrl string = gatewayUrl

@description('What the app needs to know about the rest of the deployment.')
type dgmConfiguration = {
  @description('Blob service URI of the artifact store, e.g. https://<account>.blob.core.windows.net/.')
  artifactsBlobServiceUri: string
  @description('Artifact container name.')
  artifactsContainer: string
  @description('Azure OpenAI endpoint, e.g. https://<name>.openai.azure.com/.')
  azureOpenAIEndpoint: string
  @description('Deployment name of the diagnosis model.')
  diagnosisDeployment: string
  @description('Deployment name of the coding model.')
  codingDeployment: string
  @description('Subscription of the sandbox resource group.')
  sandboxSubscriptionId: string
  @description('Resource group where sandbox container groups are created.')
  sandboxResourceGroup: string
  @description('Region of the sandbox container groups (the VNet\'s region).')
  sandboxLocation: string
  @description('Sandbox image, <login server>/dgm-sandbox:<tag>.')
  sandboxImage: string
  @description('Registry login server that container groups pull from.')
  sandboxRegistryServer: string
  @description('Resource id of the identity container groups use for the image pull.')
  sandboxIdentityResourceId: string
  @description('Resource id of the sandbox subnet.')
  sandboxSubnetId: string
  @description('Default dollar budget of a run.')
  defaultBudgetDollars: int
  @description('Default token budget of a run.')
  defaultBudgetTokens: int
}
