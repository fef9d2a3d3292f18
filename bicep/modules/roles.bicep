// The built-in Azure role definitions this deployment assigns, in one place.
// GUIDs are the built-in role definition IDs published in "Azure built-in roles"
// (learn.microsoft.com/azure/role-based-access-control/built-in-roles); they are the same in every tenant.
// Other modules import this with `import { builtInRoles } from 'roles.bicep'`.

@export()
@description('Built-in role definition GUIDs, by role.')
var builtInRoles = {
  // Create and delete container groups (and read their logs) in the sandbox resource group.
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c'
  // Blob data plane, including user-delegation keys (generateUserDelegationKey/action) for sandbox SAS URLs.
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // Durable Functions (Azure Storage provider) work-item and control queues.
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  // Durable Functions (Azure Storage provider) history and instance tables.
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  // Chat completions on the Azure OpenAI deployments with an Entra ID token.
  cognitiveServicesOpenAIUser: '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'
  // Image pulls from the container registry.
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d'
  // Entra ID authenticated telemetry ingestion into Application Insights (despite the name: all telemetry).
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  // Attach the sandbox pull identity to container groups (userAssignedIdentities/*/assign/action).
  managedIdentityOperator: 'f1a07417-d97a-45cb-824c-7a7467783830'
  // Join container groups to the sandbox subnet (virtualNetworks/subnets/join/action); assigned on that subnet only.
  networkContributor: '4d97b98b-1d4f-4787-a291-c67834d212e7'
}
