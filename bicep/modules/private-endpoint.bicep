// One private endpoint for one sub-resource of one target, registered in its private DNS zone.

@description('Azure region.')
param location string

@description('Private endpoint name.')
param name string

@description('Subnet for the endpoint NIC.')
param subnetId string

@description('Resource id of the target (storage account, function app, registry).')
param targetResourceId string

@description('Target sub-resource (group id): blob, sites, registry.')
param groupId string

@description('Private DNS zone that receives the endpoint\'s A records.')
param privateDnsZoneId string

@description('Tags for every resource.')
param tags object

resource endpoint 'Microsoft.Network/privateEndpoints@2024-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    subnet: {
      id: subnetId
    }
    privateLinkServiceConnections: [
      {
        name: name
        properties: {
          privateLinkServiceId: targetResourceId
          groupIds: [
            groupId
          ]
        }
      }
    ]
  }
}

resource zoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-07-01' = {
  parent: endpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: groupId
        properties: {
          privateDnsZoneId: privateDnsZoneId
        }
      }
    ]
  }
}

output id string = endpoint.id
