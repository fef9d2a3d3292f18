using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using Dgm.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dgm.Azure.Tests.FakeArm;

/// <summary>
/// An HTTPS server on loopback that speaks enough of ARM for Microsoft.ContainerInstance/containerGroups: PUT, GET
/// and DELETE of a group, the container logs action, and the resource group's resource list (filtered by type,
/// paged). It checks the bearer token and the pinned API version, records every request, and answers scripted
/// failures (throttling, conflicts, quota) when a test asks for them.
/// </summary>
public sealed class FakeArmServer : IAsyncDisposable
{
    public const string Token = "fake-arm-token";
    public const string ApiVersion = "2023-05-01";
    private const string GroupsSegment = "/providers/Microsoft.ContainerInstance/containerGroups/";
    private const int PageSize = 2;

    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;
    private readonly ConcurrentQueue<ScriptedFailure> _failures = new();

    private FakeArmServer(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        _certificate = certificate;
    }

    public Uri Endpoint { get; private set; } = null!;

    public ConcurrentDictionary<string, FakeContainerGroup> Groups { get; } = new();

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>When set, runs each group's container as soon as it is created (otherwise tests move groups by hand).</summary>
    public Func<FakeContainerGroup, Task>? Containers { get; set; }

    public static async Task<FakeArmServer> StartAsync()
    {
        var certificate = TestCertificate.Create();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var server = new FakeArmServer(app, certificate);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Endpoint = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    /// <summary>ARM client options pointing at this server, trusting its certificate, with short retry delays.</summary>
    public ArmClientOptions ClientOptions()
    {
        var options = new ArmClientOptions
        {
            Environment = new ArmEnvironment(Endpoint, "https://management.azure.com/"),
            Transport = new HttpClientTransport(TestCertificate.Trusting(_certificate)),
        };
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(10);
        return options;
    }

    /// <summary>The next <paramref name="times"/> requests with this method whose path ends with <paramref name="pathEnd"/> fail so.</summary>
    public void FailNext(string method, string pathEnd, int status, string code, string message, int? retryAfterSeconds = null, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _failures.Enqueue(new ScriptedFailure(method, pathEnd, status, code, message, retryAfterSeconds));
        }
    }

    public IEnumerable<RecordedRequest> RequestsTo(string method, string pathEnd) =>
        Requests.Where(r => r.Method == method && r.Path.EndsWith(pathEnd, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _certificate.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await new StreamReader(request.Body).ReadToEndAsync();
        var path = request.Path.Value ?? "";
        Requests.Enqueue(new RecordedRequest(request.Method, path, request.QueryString.Value ?? "", body, Stopwatch.GetTimestamp()));

        if (request.Headers.Authorization.ToString() != $"Bearer {Token}")
        {
            await ErrorAsync(context, 401, "AuthenticationFailed", "Missing or wrong bearer token.");
            return;
        }

        if (TakeFailure(request.Method, path) is { } failure)
        {
            if (failure.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            await ErrorAsync(context, failure.Status, failure.Code, failure.Message);
            return;
        }

        var groupsAt = path.IndexOf(GroupsSegment, StringComparison.OrdinalIgnoreCase);
        if (groupsAt >= 0)
        {
            if (request.Query["api-version"] != ApiVersion)
            {
                await ErrorAsync(context, 400, "InvalidApiVersionParameter", $"api-version '{request.Query["api-version"]}' is not the pinned {ApiVersion}.");
                return;
            }

            var rest = path[(groupsAt + GroupsSegment.Length)..].Split('/');
            var groupId = path[..(groupsAt + GroupsSegment.Length)] + rest[0];
            await (rest.Length switch
            {
                1 => GroupAsync(context, rest[0], groupId, body),
                4 when rest[1] == "containers" && rest[3] == "logs" && request.Method == "GET" => LogsAsync(context, rest[0]),
                _ => ErrorAsync(context, 404, "NotFound", $"No route for {path}."),
            });
            return;
        }

        if (path.EndsWith("/resources", StringComparison.OrdinalIgnoreCase) && request.Method == "GET")
        {
            await ListAsync(context, path);
            return;
        }

        await ErrorAsync(context, 404, "NotFound", $"No route for {request.Method} {path}.");
    }

    private async Task GroupAsync(HttpContext context, string name, string id, string body)
    {
        switch (context.Request.Method)
        {
            case "PUT":
                var group = Groups.AddOrUpdate(name, _ => new FakeContainerGroup(name, JsonNode.Parse(body)!.AsObject()), (_, _) => new FakeContainerGroup(name, JsonNode.Parse(body)!.AsObject()));
                if (Containers is { } containers)
                {
                    _ = Task.Run(() => containers(group));
                }

                context.Response.Headers["Azure-AsyncOperation"] = $"{Endpoint}operations/{name}?api-version={ApiVersion}";
                await JsonAsync(context, 201, group.ToResponse(id));
                break;
            case "GET" when Groups.TryGetValue(name, out var found):
                await JsonAsync(context, 200, found.ToResponse(id));
                break;
            case "GET":
                await ErrorAsync(context, 404, "ResourceNotFound", $"The Resource 'Microsoft.ContainerInstance/containerGroups/{name}' was not found.");
                break;
            case "DELETE":
                if (Groups.TryRemove(name, out var deleted))
                {
                    deleted.Delete();
                    context.Response.StatusCode = 200;
                }
                else
                {
                    context.Response.StatusCode = 204;
                }

                break;
            default:
                await ErrorAsync(context, 405, "MethodNotAllowed", context.Request.Method);
                break;
        }
    }

    private async Task LogsAsync(HttpContext context, string name)
    {
        if (Groups.TryGetValue(name, out var group))
        {
            await JsonAsync(context, 200, new JsonObject { ["content"] = group.Logs });
        }
        else
        {
            await ErrorAsync(context, 404, "ResourceNotFound", $"Container group '{name}' not found.");
        }
    }

    private async Task ListAsync(HttpContext context, string path)
    {
        var filter = context.Request.Query["$filter"].ToString();
        var skip = int.TryParse(context.Request.Query["$skiptoken"], CultureInfo.InvariantCulture, out var s) ? s : 0;
        var groupsPrefix = path[..^"/resources".Length] + GroupsSegment;
        var all = Groups.Values
            .OrderBy(g => g.Name, StringComparer.Ordinal)
            .Select(g => new JsonObject
            {
                ["id"] = groupsPrefix + g.Name,
                ["name"] = g.Name,
                ["type"] = "Microsoft.ContainerInstance/containerGroups",
                ["location"] = g.Body["location"]?.DeepClone(),
                ["tags"] = g.Body["tags"]?.DeepClone(),
            })
            .Append(new JsonObject
            {
                ["id"] = path[..^"/resources".Length] + "/providers/Microsoft.Storage/storageAccounts/dgmdata",
                ["name"] = "dgmdata",
                ["type"] = "Microsoft.Storage/storageAccounts",
                ["location"] = "westeurope",
            })
            .Where(r => !filter.Contains("resourceType eq", StringComparison.Ordinal) || filter.Contains($"'{r["type"]}'", StringComparison.OrdinalIgnoreCase))
            .ToList();

        var page = new JsonObject { ["value"] = new JsonArray([.. all.Skip(skip).Take(PageSize)]) };
        if (skip + PageSize < all.Count)
        {
            var query = $"api-version={context.Request.Query["api-version"]}&$filter={Uri.EscapeDataString(filter)}&$skiptoken={skip + PageSize}";
            page["nextLink"] = new Uri(Endpoint, path.TrimStart('/') + "?" + query).ToString();
        }

        await JsonAsync(context, 200, page);
    }

    private ScriptedFailure? TakeFailure(string method, string path)
    {
        // Failures are taken in order; one that does not match this request goes back to the end of the queue.
        var count = _failures.Count;
        for (var i = 0; i < count && _failures.TryDequeue(out var failure); i++)
        {
            if (failure.Method == method && path.EndsWith(failure.PathEnd, StringComparison.Ordinal))
            {
                return failure;
            }

            _failures.Enqueue(failure);
        }

        return null;
    }

    private static Task JsonAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    private static Task ErrorAsync(HttpContext context, int status, string code, string message) =>
        JsonAsync(context, status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    private sealed record ScriptedFailure(string Method, string PathEnd, int Status, string Code, string Message, int? RetryAfterSeconds);
}

public sealed record RecordedRequest(string Method, string Path, string Query, string Body, long Timestamp);
