// The private network that keeps sandboxes in: one VNet with three subnets.
// - `app`        : Flex Consumption VNet integration (outbound from the function app), delegated to Microsoft.App/environments,
//                  with the Microsoft.Web service endpoint (the app reaches its own private endpoint for trigger syncs;
//                  without it deployments time out, Azure/Azure-Functions#2635) and a NAT gateway for its outbound
//                  traffic (subnets get no default outbound access since 2025-09-30).
// - `endpoints`  : private endpoints (blob, function app = model gateway, container registry).
// - `sandboxes`  : container groups only, delegated to Microsoft.ContainerInstance/containerGroups, with an NSG that
//                  allows HTTPS to the private endpoints and denies everything else (other sandboxes, the rest of the
//                  VNet, the Internet).
// The function app identity may join container groups to the sandbox subnet (Network Contributor on that subnet only).

import { builtInRoles } from 'roles.bicep'

@description('Azure region.')
param location string

@description('Virtual network name.')
param vnetName string

@description('Network security group name for the sandbox subnet.')
param sandboxNsgName string

@description('NAT gateway name for the function app subnet\'s outbound traffic.')
param natGatewayName string

@description('Address space of the virtual network.')
param addressPrefix string

@description('Prefix of the function app integration subnet (at least /27; /24 leaves room to scale).')
param appSubnetPrefix string

@description('Prefix of the private endpoint subnet.')
param endpointsSubnetPrefix string

@description('Prefix of the sandbox subnet (one address per running container group).')
param sandboxSubnetPrefix string

@description('Name of the function app identity (user-assigned, in this resource group).')
param appIdentityName string

@description('Tags for every resource.')
param tags object

var appSubnetName = 'app'
var endpointsSubnetName = 'endpoints'
var sandboxSubnetName = 'sandboxes'

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: appIdentityName
}

resource sandboxNsg 'Microsoft.Network/networkSecurityGroups@2024-07-01' = {
  name: sandboxNsgName
  location: location
  tags: tags
  properties: {
    securityRules: [
      {
        name: 'AllowHttpsToPrivateEndpoints'
        properties: {
          description: 'Model gateway (function app private endpoint), artifact SAS URLs (blob private endpoint) and image pulls (registry private endpoint).'
          direction: 'Outbound'
          access: 'Allow'
          priority: 100
          protocol: 'Tcp'
          sourceAddressPrefix: sandboxSubnetPrefix
          sourcePortRange: '*'
          destinationAddressPrefix: endpointsSubnetPrefix
          destinationPortRange: '443'
        }
      }
      {
        name: 'DenyVirtualNetworkOutbound'
        properties: {
          description: 'No other VNet traffic: sandboxes cannot reach each other or the app subnet.'
          direction: 'Outbound'
          access: 'Deny'
          priority: 4000
          protocol: '*'
          sourceAddressPrefix: '*'
          sourcePortRange: '*'
          destinationAddressPrefix: 'VirtualNetwork'
          destinationPortRange: '*'
        }
      }
      {
        name: 'DenyInternetOutbound'
        properties: {
          description: 'No Internet egress from sandboxes.'
          direction: 'Outbound'
          access: 'Deny'
          priority: 4010
          protocol: '*'
          sourceAddressPrefix: '*'
          sourcePortRange: '*'
          destinationAddressPrefix: 'Internet'
          destinationPortRange: '*'
        }
      }
      {
        name: 'DenyAllOutbound'
        properties: {
          description: 'Anything not allowed above.'
          direction: 'Outbound'
          access: 'Deny'
          priority: 4096
          protocol: '*'
          sourceAddressPrefix: '*'
          sourcePortRange: '*'
          destinationAddressPrefix: '*'
          destinationPortRange: '*'
        }
      }
      {
        name: 'DenyAllInbound'
        properties: {
          description: 'Nothing connects to a sandbox; the app polls container groups through Azure Resource Manager.'
          direction: 'Inbound'
          access: 'Deny'
          priority: 4096
          protocol: '*'
          sourceAddressPrefix: '*'
          sourcePortRange: '*'
          destinationAddressPrefix: '*'
          destinationPortRange: '*'
        }
      }
    ]
  }
}

resource natIp 'Microsoft.Network/publicIPAddresses@2024-07-01' = {
  name: '${natGatewayName}-ip'
  location: location
  tags: tags
  sku: {
    name: 'Standard'
  }
  properties: {
    publicIPAllocationMethod: 'Static'
    publicIPAddressVersion: 'IPv4'
  }
}

resource natGateway 'Microsoft.Network/natGateways@2024-07-01' = {
  name: natGatewayName
  location: location
  tags: tags
  sku: {
    name: 'Standard'
  }
  properties: {
    idleTimeoutInMinutes: 10
    publicIpAddresses: [
      {
        id: natIp.id
      }
    ]
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-07-01' = {
  name: vnetName
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: appSubnetName
        properties: {
          addressPrefix: appSubnetPrefix
          natGateway: {
            id: natGateway.id
          }
          serviceEndpoints: [
            {
              service: 'Microsoft.Web'
            }
          ]
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: endpointsSubnetName
        properties: {
          addressPrefix: endpointsSubnetPrefix
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
      {
        name: sandboxSubnetName
        properties: {
          addressPrefix: sandboxSubnetPrefix
          networkSecurityGroup: {
            id: sandboxNsg.id
          }
          delegations: [
            {
              name: 'container-instances'
              properties: {
                serviceName: 'Microsoft.ContainerInstance/containerGroups'
              }
            }
          ]
        }
      }
    ]
  }

  resource appSubnet 'subnets' existing = {
    name: appSubnetName
  }

  resource endpointsSubnet 'subnets' existing = {
    name: endpointsSubnetName
  }

  resource sandboxSubnet 'subnets' existing = {
    name: sandboxSubnetName
  }
}

resource appMayJoinSandboxSubnet 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vnet::sandboxSubnet.id, appIdentity.id, builtInRoles.networkContributor)
  scope: vnet::sandboxSubnet
  properties: {
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.networkContributor)
    description: 'Function app places the container groups it creates in the sandbox subnet (subnets/join/action).'
  }
}

output vnetId string = vnet.id
output appSubnetId string = vnet::appSubnet.id
output endpointsSubnetId string = vnet::endpointsSubnet.id
output sandboxSubnetId string = vnet::sandboxSubnet.id
