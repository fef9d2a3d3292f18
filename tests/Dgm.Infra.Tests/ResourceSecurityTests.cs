using System.Text.Json.Nodes;

namespace Dgm.Infra.Tests;

/// <summary>The security-relevant properties of each resource in the compiled main template.</summary>
[Collection(BicepTemplates.Name)]
public sealed class ResourceSecurityTests(BicepBuild build)
{
    [Fact]
    public void Storage_accepts_only_Entra_ID_over_TLS_1_2_and_nothing_anonymous()
    {
        var properties = build.Main.Single("Microsoft.Storage/storageAccounts")["properties"]!;
        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);
        Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);
        Assert.True((bool)properties["defaultToOAuthAuthentication"]!);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
        Assert.Equal("StorageV2", (string?)build.Main.Single("Microsoft.Storage/storageAccounts")["kind"]);
    }

    [Fact]
    public void Storage_has_the_artifact_and_deployment_containers_private()
    {
        var main = build.Main;
        Assert.Equal("dgm", (string?)main.Variables["artifactsContainerName"]);
        Assert.False(string.IsNullOrEmpty((string?)main.Variables["deploymentContainerName"]));

        var containers = main.Module("storage").Template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").ToList();
        Assert.Equal(2, containers.Count);
        Assert.All(containers, c => Assert.Equal("None", (string?)c["properties"]!["publicAccess"]));
    }

    [Fact]
    public void OpenAI_account_has_local_auth_disabled_a_custom_subdomain_and_two_deployments()
    {
        var account = build.Main.Single("Microsoft.CognitiveServices/accounts");
        Assert.Equal("OpenAI", (string?)account["kind"]);
        Assert.True((bool)account["properties"]!["disableLocalAuth"]!);
        Assert.Equal("[parameters('name')]", (string?)account["properties"]!["customSubDomainName"]);

        var deployments = build.Main.Module("openai").Template.OfType("Microsoft.CognitiveServices/accounts/deployments").ToList();
        Assert.Equal(2, deployments.Count);
        Assert.All(deployments, d => Assert.Equal("OpenAI", (string?)d["properties"]!["model"]!["format"]));

        foreach (var name in new[] { "diagnosis", "coding" })
        {
            Assert.False(string.IsNullOrEmpty((string?)build.Main.Parameters[$"{name}ModelName"]?["defaultValue"]));
            Assert.False(string.IsNullOrEmpty((string?)build.Main.Parameters[$"{name}ModelVersion"]?["defaultValue"]));
            Assert.Equal(name, (string?)build.Main.Parameters[$"{name}DeploymentName"]?["defaultValue"]);
        }
    }

    [Theory]
    [InlineData("diagnosis", "gpt-5.6-sol", "2026-07-09")]
    [InlineData("coding", "gpt-5.6-terra", "2026-07-09")]
    public void The_default_models_are_current_generally_available_versions_on_global_standard(string role, string model, string version)
    {
        // Per Azure's retirement schedule (2026-09-02) gpt-5.6 retires 2028-01-11; o4-mini, o3 and gpt-4o 2024-05-13 are retired.
        Assert.Equal(model, (string?)build.Main.Parameters[$"{role}ModelName"]!["defaultValue"]);
        Assert.Equal(version, (string?)build.Main.Parameters[$"{role}ModelVersion"]!["defaultValue"]);
        Assert.Equal("GlobalStandard", (string?)build.Main.Parameters[$"{role}SkuName"]!["defaultValue"]);
    }

    [Fact]
    public void Registry_has_no_admin_user_and_no_anonymous_pull()
    {
        var properties = build.Main.Single("Microsoft.ContainerRegistry/registries")["properties"]!;
        Assert.False((bool)properties["adminUserEnabled"]!);
        Assert.False((bool)properties["anonymousPullEnabled"]!);
    }

    [Fact]
    public void Application_Insights_is_workspace_based_and_accepts_only_Entra_ID_telemetry()
    {
        var properties = build.Main.Single("Microsoft.Insights/components")["properties"]!;
        Assert.True((bool)properties["DisableLocalAuth"]!);
        Assert.False(string.IsNullOrEmpty((string?)properties["WorkspaceResourceId"]));

        var workspace = build.Main.Single("Microsoft.OperationalInsights/workspaces")["properties"]!;
        Assert.True((bool)workspace["features"]!["disableLocalAuth"]!);
    }

    [Fact]
    public void Function_app_is_dotnet_isolated_10_on_Flex_Consumption_with_identity_based_deployment_storage()
    {
        var plan = build.Main.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.True((bool)plan["properties"]!["reserved"]!);

        var site = build.Main.Single("Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        Assert.Equal("UserAssigned", (string?)site["identity"]!["type"]);
        var properties = site["properties"]!;
        Assert.True((bool)properties["httpsOnly"]!);
        Assert.False(string.IsNullOrEmpty((string?)properties["virtualNetworkSubnetId"]));

        var config = properties["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]!["name"]);
        Assert.Equal("10.0", (string?)config["runtime"]!["version"]);
        Assert.Equal("blobContainer", (string?)config["deployment"]!["storage"]!["type"]);
        Assert.Equal("UserAssignedIdentity", (string?)config["deployment"]!["storage"]!["authentication"]!["type"]);
        Assert.Equal("[parameters('maximumInstanceCount')]", (string?)config["scaleAndConcurrency"]!["maximumInstanceCount"]);
        Assert.Equal("[parameters('instanceMemoryMB')]", (string?)config["scaleAndConcurrency"]!["instanceMemoryMB"]);

        var module = build.Main.Module("functionapp");
        Assert.Equal("[parameters('maximumInstanceCount')]", (string?)module.Argument("maximumInstanceCount"));
        Assert.Equal("[parameters('instanceMemoryMB')]", (string?)module.Argument("instanceMemoryMB"));
    }

    [Fact]
    public void Function_app_has_basic_publishing_credentials_disabled_for_scm_and_ftp()
    {
        var policies = build.Main.Module("functionapp").Template.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.False((bool)p["properties"]!["allow"]!));
    }

    [Fact]
    public void App_settings_are_exactly_the_identity_based_platform_settings_and_the_dgm_settings()
    {
        var settings = AppSettings(build.Main);
        string[] expected =
        [
            "AzureWebJobsStorage__accountName",
            "AzureWebJobsStorage__credential",
            "AzureWebJobsStorage__clientId",
            "AZURE_CLIENT_ID",
            "APPLICATIONINSIGHTS_CONNECTION_STRING",
            "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
            "Dgm__Artifacts__BlobServiceUri",
            "Dgm__Artifacts__Container",
            "Dgm__Models__AzureOpenAIEndpoint",
            "Dgm__Models__DiagnosisDeployment",
            "Dgm__Models__CodingDeployment",
            "Dgm__Sandbox__SubscriptionId",
            "Dgm__Sandbox__ResourceGroup",
            "Dgm__Sandbox__Location",
            "Dgm__Sandbox__Image",
            "Dgm__Sandbox__RegistryServer",
            "Dgm__Sandbox__IdentityResourceId",
            "Dgm__Sandbox__SubnetId",
            "Dgm__Gateway__PublicUrl",
            "Dgm__Budget__DefaultDollars",
            "Dgm__Budget__DefaultTokens",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), settings.Select(p => p.Key).Order(StringComparer.Ordinal));

        Assert.Equal("managedidentity", (string?)settings["AzureWebJobsStorage__credential"]);
        Assert.StartsWith("[format('Authorization=AAD;ClientId={0}'", (string?)settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
        var gateway = (string?)settings["Dgm__Gateway__PublicUrl"];
        Assert.StartsWith("[format('https://{0}/api/gateway', reference(", gateway, StringComparison.Ordinal);
        Assert.EndsWith(").defaultHostName)]", gateway, StringComparison.Ordinal);

        // The app's own settings must not be set through siteConfig as well (the config resource replaces the list).
        Assert.Null(build.Main.Single("Microsoft.Web/sites")["properties"]!["siteConfig"]!["appSettings"]);
    }

    [Fact]
    public void Sandbox_image_is_the_dgm_sandbox_repository_in_the_registry()
    {
        var image = (string?)build.Main.Module("functionapp").Argument("dgm")?["sandboxImage"];
        Assert.Equal("[format('{0}/{1}:{2}', reference(resourceId('Microsoft.Resources/deployments', 'registry'), '2025-04-01').outputs.loginServer.value, variables('sandboxImageRepository'), parameters('sandboxImageTag'))]", image);
        Assert.Equal("dgm-sandbox", (string?)build.Main.Variables["sandboxImageRepository"]);
    }

    [Fact]
    public void Sandbox_subnet_is_delegated_to_container_instances_and_guarded_by_the_nsg()
    {
        var vnet = build.Main.Single("Microsoft.Network/virtualNetworks");
        var subnets = vnet["properties"]!["subnets"]!.AsArray().Select(s => s!.AsObject()).ToList();
        var sandbox = subnets.Single(s => (string?)s["name"] == "[variables('sandboxSubnetName')]");
        Assert.Equal(
            "Microsoft.ContainerInstance/containerGroups",
            (string?)sandbox["properties"]!["delegations"]![0]!["properties"]!["serviceName"]);
        Assert.Contains("networkSecurityGroups", (string?)sandbox["properties"]!["networkSecurityGroup"]!["id"], StringComparison.Ordinal);

        var app = subnets.Single(s => (string?)s["name"] == "[variables('appSubnetName')]");
        Assert.Equal("Microsoft.App/environments", (string?)app["properties"]!["delegations"]![0]!["properties"]!["serviceName"]);
    }

    [Fact]
    public void The_app_subnet_has_the_web_service_endpoint_and_leaves_through_a_nat_gateway()
    {
        var vnet = build.Main.Single("Microsoft.Network/virtualNetworks");
        var app = vnet["properties"]!["subnets"]!.AsArray().Single(s => (string?)s!["name"] == "[variables('appSubnetName')]")!["properties"]!;

        // The deploy-timeout workaround of Azure/Azure-Functions#2635, and explicit egress now that subnets have no default outbound.
        Assert.Equal(["Microsoft.Web"], app["serviceEndpoints"]!.AsArray().Select(e => (string?)e!["service"]));
        Assert.Contains("natGateways", (string?)app["natGateway"]!["id"], StringComparison.Ordinal);
        var nat = build.Main.Single("Microsoft.Network/natGateways");
        Assert.Equal("Standard", (string?)nat["sku"]!["name"]);
        Assert.Single(nat["properties"]!["publicIpAddresses"]!.AsArray());
        var ip = build.Main.Single("Microsoft.Network/publicIPAddresses");
        Assert.Equal("Standard", (string?)ip["sku"]!["name"]);
        Assert.Equal("Static", (string?)ip["properties"]!["publicIPAllocationMethod"]);

        var sandboxes = vnet["properties"]!["subnets"]!.AsArray().Single(s => (string?)s!["name"] == "[variables('sandboxSubnetName')]")!["properties"]!;
        Assert.Null(sandboxes["natGateway"]);
    }

    [Fact]
    public void Sandbox_nsg_denies_Internet_and_the_VNet_and_allows_only_HTTPS_to_the_private_endpoints()
    {
        var rules = build.Main.Single("Microsoft.Network/networkSecurityGroups")["properties"]!["securityRules"]!.AsArray()
            .Select(r => r!["properties"]!.AsObject())
            .ToList();
        var outbound = rules.Where(r => (string?)r["direction"] == "Outbound").ToList();

        Assert.Contains(outbound, r => (string?)r["access"] == "Deny" && (string?)r["destinationAddressPrefix"] == "Internet" && (string?)r["destinationPortRange"] == "*");
        Assert.Contains(outbound, r => (string?)r["access"] == "Deny" && (string?)r["destinationAddressPrefix"] == "VirtualNetwork");
        Assert.Contains(outbound, r => (string?)r["access"] == "Deny" && (string?)r["destinationAddressPrefix"] == "*" && (int)r["priority"]! == 4096);

        var allows = outbound.Where(r => (string?)r["access"] == "Allow").ToList();
        var allow = Assert.Single(allows);
        Assert.Equal("[parameters('endpointsSubnetPrefix')]", (string?)allow["destinationAddressPrefix"]);
        Assert.Equal("443", (string?)allow["destinationPortRange"]);
        Assert.Equal("Tcp", (string?)allow["protocol"]);
        var denyPriorities = outbound.Where(r => (string?)r["access"] == "Deny").Select(r => (int)r["priority"]!);
        Assert.All(denyPriorities, p => Assert.True((int)allow["priority"]! < p));

        Assert.DoesNotContain(rules, r => (string?)r["direction"] == "Inbound" && (string?)r["access"] == "Allow");
        Assert.Contains(rules, r => (string?)r["direction"] == "Inbound" && (string?)r["access"] == "Deny" && (string?)r["sourceAddressPrefix"] == "*");
    }

    [Fact]
    public void Private_endpoints_cover_blob_the_function_app_and_the_registry_with_dns_zones_linked_to_the_vnet()
    {
        var groups = build.Main.Modules
            .Where(m => m.Template.OfType("Microsoft.Network/privateEndpoints").Any())
            .Select(m => (string?)m.Argument("groupId"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(["blob", "registry", "sites"], groups);

        var dns = build.Main.Module("private-dns").Template;
        Assert.Equal(3, dns.OfType("Microsoft.Network/privateDnsZones").Count());
        var links = dns.OfType("Microsoft.Network/privateDnsZones/virtualNetworkLinks").ToList();
        Assert.Equal(3, links.Count);
        Assert.All(links, l => Assert.False((bool)l["properties"]!["registrationEnabled"]!));
    }

    [Fact]
    public void Main_has_the_documented_parameters_and_outputs()
    {
        var main = build.Main;
        string[] parameters =
        [
            "location", "namePrefix", "sandboxResourceGroupName", "sandboxImageTag",
            "diagnosisDeploymentName", "diagnosisModelName", "diagnosisModelVersion", "diagnosisSkuName", "diagnosisCapacity",
            "codingDeploymentName", "codingModelName", "codingModelVersion", "codingSkuName", "codingCapacity",
            "maximumInstanceCount", "instanceMemoryMB", "defaultBudgetDollars", "defaultBudgetTokens",
        ];
        Assert.All(parameters, p => Assert.True(main.Parameters.ContainsKey(p), $"missing parameter {p}"));

        string[] outputs =
        [
            "appName", "appHostName", "gatewayUrl", "storageAccountName", "acrName", "acrLoginServer", "sandboxImage",
            "openAIEndpoint", "sandboxResourceGroup", "sandboxSubnetId", "appIdentityClientId", "sandboxPullIdentityClientId",
            "sandboxPullIdentityResourceId",
        ];
        Assert.All(outputs, o => Assert.True(main.Outputs.ContainsKey(o), $"missing output {o}"));
    }

    internal static JsonObject AppSettings(ArmTemplate main)
    {
        var config = main.Module("functionapp").Template.OfType("Microsoft.Web/sites/config").Single();
        Assert.EndsWith("'appsettings')]", (string?)config["name"], StringComparison.Ordinal);
        return config["properties"]!.AsObject();
    }
}
