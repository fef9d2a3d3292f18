using System.Text.RegularExpressions;

namespace Dgm.Infra.Tests;

/// <summary>Who may do what: every role assignment in the compiled main template, resolved to (role, identity, scope).</summary>
[Collection(BicepTemplates.Name)]
public sealed partial class RoleAssignmentTests(BicepBuild build)
{
    // Built-in role definition GUIDs, written down here independently of bicep/modules/roles.bicep on purpose.
    private const string Contributor = "b24988ac-6180-42a0-ab88-20f7382dd24c";
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string CognitiveServicesOpenAIUser = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd";
    private const string AcrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string ManagedIdentityOperator = "f1a07417-d97a-45cb-824c-7a7467783830";
    private const string NetworkContributor = "4d97b98b-1d4f-4787-a291-c67834d212e7";

    private const string App = "appIdentity";
    private const string SandboxPull = "sandboxPullIdentity";
    private const string SandboxResourceGroup = "resourceGroup:[parameters('sandboxResourceGroupName')]";

    public static TheoryData<string, string, string> ExpectedAssignments => new()
    {
        { StorageBlobDataOwner, App, "Microsoft.Storage/storageAccounts" },
        { StorageQueueDataContributor, App, "Microsoft.Storage/storageAccounts" },
        { StorageTableDataContributor, App, "Microsoft.Storage/storageAccounts" },
        { CognitiveServicesOpenAIUser, App, "Microsoft.CognitiveServices/accounts" },
        { MonitoringMetricsPublisher, App, "Microsoft.Insights/components" },
        { Contributor, App, SandboxResourceGroup },
        { NetworkContributor, App, "Microsoft.Network/virtualNetworks/subnets" },
        { ManagedIdentityOperator, App, "Microsoft.ManagedIdentity/userAssignedIdentities" },
        { AcrPull, SandboxPull, "Microsoft.ContainerRegistry/registries" },
    };

    [Theory]
    [MemberData(nameof(ExpectedAssignments))]
    public void Role_is_assigned(string role, string identity, string scope)
    {
        var assignments = Resolve(build.Main);
        Assert.Contains(new Assignment(role, identity, scope), assignments.Select(a => a.Assignment));
    }

    [Fact]
    public void No_other_role_assignments_exist()
    {
        var expected = ExpectedAssignments.Select(row => new Assignment((string)row[0], (string)row[1], (string)row[2])).ToHashSet();
        var actual = Resolve(build.Main).Select(a => a.Assignment).ToList();

        Assert.Equal(actual.Count, actual.Distinct().Count());
        Assert.Equal(expected.OrderBy(a => a.ToString()), actual.OrderBy(a => a.ToString()));
    }

    [Fact]
    public void Every_assignment_is_for_a_service_principal_and_names_a_built_in_role_by_guid()
    {
        var assignments = Resolve(build.Main);
        Assert.NotEmpty(assignments);
        Assert.All(assignments, a =>
        {
            Assert.Equal("ServicePrincipal", a.PrincipalType);
            Assert.True(Guid.TryParse(a.Assignment.Role, out _), $"role {a.Assignment.Role} is not a role definition GUID");
        });
    }

    [Fact]
    public void The_sandbox_resource_group_is_a_separate_existing_group_passed_as_a_parameter()
    {
        var main = build.Main;
        Assert.Equal("string", (string?)main.Parameters["sandboxResourceGroupName"]?["type"]);
        var access = main.Module("sandbox-access");
        Assert.Equal("[parameters('sandboxResourceGroupName')]", access.ResourceGroup);
        Assert.Contains("-sandboxes", (string?)main.Parameters["sandboxResourceGroupName"]?["defaultValue"], StringComparison.Ordinal);
    }

    [Fact]
    public void Narrow_scopes_are_the_sandbox_subnet_and_the_pull_identity_only()
    {
        var main = build.Main;
        var joinSubnet = main.Module("network").Template.OfType("Microsoft.Authorization/roleAssignments").Single();
        Assert.Contains("variables('sandboxSubnetName')", (string?)joinSubnet["scope"], StringComparison.Ordinal);
        Assert.Equal("sandboxes", (string?)main.Module("network").Template.Variables["sandboxSubnetName"]);

        var assignPull = main.Module("identities").Template.OfType("Microsoft.Authorization/roleAssignments").Single();
        Assert.Contains("parameters('sandboxPullIdentityName')", (string?)assignPull["scope"], StringComparison.Ordinal);
    }

    [Fact]
    public void Roles_module_lists_the_same_guids()
    {
        var roles = new ArmTemplate(build.Templates["modules/roles.bicep"]).Variables["builtInRoles"]!.AsObject();
        var guids = roles.Select(p => (string)p.Value!).ToHashSet();
        var used = ExpectedAssignments.Select(row => (string)row[0]).ToHashSet();
        Assert.Equal(used.Order(), guids.Order());
    }

    private static List<(Assignment Assignment, string? PrincipalType)> Resolve(ArmTemplate main)
    {
        var result = new List<(Assignment, string?)>();
        foreach (var module in main.Modules)
        {
            foreach (var resource in module.Template.OfType("Microsoft.Authorization/roleAssignments"))
            {
                var properties = resource["properties"]!;
                var roleExpression = (string)properties["roleDefinitionId"]!;
                var role = GuidPattern().Match(roleExpression) is { Success: true } literal
                    ? literal.Value
                    : (string?)module.Template.ResolveVariable(roleExpression) ?? $"unresolved:{roleExpression}";

                var principal = ResolvePrincipal(main, module, (string)properties["principalId"]!);

                var scopeExpression = (string?)resource["scope"];
                var scope = scopeExpression is null
                    ? $"resourceGroup:{module.ResourceGroup ?? "[resourceGroup()]"}"
                    : ResourceIdType().Match(scopeExpression) is { Success: true } typed
                        ? typed.Groups["type"].Value
                        : $"unresolved:{scopeExpression}";

                result.Add((new Assignment(role, principal, scope), (string?)properties["principalType"]));
            }
        }

        return result;
    }

    // principalId: reference('<symbol>').principalId -> existing identity named parameters('<p>')
    //              -> the parent passes variables('names').<identity>.
    private static string ResolvePrincipal(ArmTemplate main, Module module, string expression)
    {
        var reference = SymbolReference().Match(expression);
        if (!reference.Success)
        {
            return $"unresolved:{expression}";
        }

        var identity = module.Template.BySymbol(reference.Groups["symbol"].Value);
        if (identity is null || (string?)identity["type"] != "Microsoft.ManagedIdentity/userAssignedIdentities")
        {
            return $"not-an-identity:{expression}";
        }

        var parameter = ParameterReference().Match((string)identity["name"]!);
        var argument = parameter.Success ? (string?)module.Argument(parameter.Groups["name"].Value) : null;
        var name = argument is null ? null : NamesEntry().Match(argument);
        return name is { Success: true } && main.Variables["names"]?[name.Groups["entry"].Value] is not null
            ? name.Groups["entry"].Value
            : $"unresolved:{identity["name"]}";
    }

    public sealed record Assignment(string Role, string Identity, string Scope);

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex GuidPattern();

    [GeneratedRegex(@"^\[resourceId\('(?<type>[^']+)'")]
    private static partial Regex ResourceIdType();

    [GeneratedRegex(@"^\[reference\('(?<symbol>\w+)'\)\.principalId\]$")]
    private static partial Regex SymbolReference();

    [GeneratedRegex(@"^\[parameters\('(?<name>\w+)'\)\]$")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"^\[variables\('names'\)\.(?<entry>\w+)\]$")]
    private static partial Regex NamesEntry();
}
