// Private DNS zones for the private endpoints, linked to the VNet, so that inside the VNet (function app via VNet
// integration, sandboxes) the public names of the storage blob endpoint, the function app and the registry resolve to
// their private endpoint addresses. The names stay the same; only resolution changes.

@description('Resource id of the virtual network to link.')
param vnetId string

@description('Tags for every resource.')
param tags object

var zoneNames = {
  blob: 'privatelink.blob.${environment().suffixes.storage}'
  sites: 'privatelink.azurewebsites.net'
  registry: 'privatelink${environment().suffixes.acrLoginServer}'
}

resource blobZone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: zoneNames.blob
  location: 'global'
  tags: tags
}

resource sitesZone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: zoneNames.sites
  location: 'global'
  tags: tags
}

resource registryZone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: zoneNames.registry
  location: 'global'
  tags: tags
}

resource blobLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: blobZone
  name: 'vnet'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: vnetId
    }
  }
}

resource sitesLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: sitesZone
  name: 'vnet'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: vnetId
    }
  }
}

resource registryLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: registryZone
  name: 'vnet'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: vnetId
    }
  }
}

output blobZoneId string = blobZone.id
output sitesZoneId string = sitesZone.id
output registryZoneId string = registryZone.id
