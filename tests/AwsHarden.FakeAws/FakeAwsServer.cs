using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.Services;
using AwsHarden.FakeAws.Signing;
using AwsHarden.FakeAws.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AwsHarden.FakeAws;

/// <summary>
/// An in-memory AWS on 127.0.0.1: every service AwsHarden calls, served from one URL (set AWS_ENDPOINT_URL to
/// <see cref="Endpoint"/>), routed by the service and region in each request's SigV4 credential scope.
/// </summary>
public sealed class FakeAwsServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Dictionary<string, FakeService> services;
    private readonly SigV4Verifier verifier;

    private FakeAwsServer(WebApplication app, FakeAccount account, FakeAwsOptions options)
    {
        this.app = app;
        Account = account;
        Options = options;
        services = ServiceRegistry.Create().ToDictionary(s => s.SigningName, StringComparer.Ordinal);
        verifier = new SigV4Verifier(FindCredential, options.Time);
    }

    public FakeAccount Account { get; }
    public FakeAwsOptions Options { get; }
    public FakeFaults Faults => Options.Faults;
    public CallLog Calls { get; } = new();
    /// <summary>The base URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public static async Task<FakeAwsServer> StartAsync(
        FakeAccount account, FakeAwsOptions? options = null, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeAwsServer(app, account, options ?? new FakeAwsOptions());
        app.Run(server.HandleAsync);
        await app.StartAsync(ct);

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        server.Endpoint = new Uri(addresses!.Addresses.First().Replace("[::1]", "127.0.0.1") + "/");
        return server;
    }

    /// <summary>
    /// The environment a CLI process needs to talk to this server as <see cref="FakeAccount.Caller"/>, isolated
    /// from the machine's own AWS configuration (no profiles, no instance metadata).
    /// </summary>
    public IReadOnlyDictionary<string, string> ClientEnvironment(string region = "us-east-1")
    {
        var caller = Account.Caller;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_ENDPOINT_URL"] = Endpoint.ToString().TrimEnd('/'),
            ["AWS_ACCESS_KEY_ID"] = caller.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = caller.SecretAccessKey,
            ["AWS_REGION"] = region,
            ["AWS_DEFAULT_REGION"] = region,
            ["AWS_CONFIG_FILE"] = Path.Combine(Path.GetTempPath(), "awsharden-fake-no-config"),
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(Path.GetTempPath(), "awsharden-fake-no-credentials"),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };
        if (caller.SessionToken is { } token)
        {
            environment["AWS_SESSION_TOKEN"] = token;
        }

        return environment;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private FakeCredential? FindCredential(string accessKeyId)
    {
        lock (Account.Sync)
        {
            return Account.FindCredential(accessKeyId);
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var requestId = Guid.NewGuid().ToString();
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        var body = await ReadBodyAsync(http, ct);
        var auth = SigV4Authorization.Parse(http.Request.Headers.Authorization.ToString());
        var service = auth is null
            ? AnonymousService(http)
            : ServiceCatalog.Resolve(auth.Service, http.Request.Headers["X-Amz-Target"].FirstOrDefault());
        var form = service?.Protocol is WireProtocol.Query or WireProtocol.Ec2 ? ParseForm(http, body) : [];
        var (operation, routeValues) = service is null ? (string.Empty, []) : ResolveOperation(http, service, form);
        var iamAction = service is null
            ? string.Empty
            : $"{service.IamPrefix}:{services[service.SigningName].IamActionName(operation)}";
        var region = auth?.Region ?? (service is null ? string.Empty : "us-east-1");
        var call = new FakeCallContext(service?.SigningName ?? auth?.Service ?? string.Empty, operation, region,
            iamAction, string.Empty);

        try
        {
            if (await ApplyConnectionFaultsAsync(http, call, ct))
            {
                return;
            }

            var caller = Authenticate(http, auth, service, body);
            var request = new FakeRequest
            {
                Service = service!,
                Operation = operation,
                Region = region,
                Account = Account,
                Caller = caller,
                Time = Options.Time,
                Options = Options,
                Params = form,
                Body = ParseJson(service!, body),
                RawBody = body,
                RouteValues = routeValues,
            };
            var result = Dispatch(request, call with { CallerArn = caller.Arn });

            // Logged before the answer is written, so a client that has its answer finds its call in the log.
            var status = (result as JsonResult)?.StatusCode ?? 200;
            Calls.Add(new FakeCall(call.Service, operation, call.Region, iamAction, status));
            await ResponseWriter.WriteResultAsync(http, service!, operation, result, requestId, ct);
        }
        catch (AwsErrorException error)
        {
            Calls.Add(new FakeCall(call.Service, operation, call.Region, iamAction, (int)error.Status, error.Code));
            await ResponseWriter.WriteErrorAsync(http, service, error, requestId, ct);
        }
    }

    /// <summary>Adds latency, then drops the connection when the region's fault says so.</summary>
    private async Task<bool> ApplyConnectionFaultsAsync(HttpContext http, FakeCallContext call, CancellationToken ct)
    {
        // Wall-clock delay on purpose: Options.Time may be a fake clock that never advances by itself.
        if (Faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(Faults.Latency, ct);
        }

        switch (Faults.RegionFault(call.Region))
        {
            case RegionFailure.ConnectionReset:
                Calls.Add(new FakeCall(call.Service, call.Operation, call.Region, call.IamAction, 0));
                http.Abort();
                return true;
            case RegionFailure.UnrecognizedClient:
                throw ServiceErrors.Create(call.Service, ErrorKind.InvalidClientToken, string.Empty);
            default:
                return false;
        }
    }

    private FakeCredential Authenticate(HttpContext http, SigV4Authorization? auth, ServiceInfo? service, byte[] body)
    {
        if (auth is null && service?.SigningName == "s3")
        {
            return Anonymous;
        }

        if (auth is null)
        {
            throw ServiceErrors.Create(string.Empty, ErrorKind.MissingAuthentication, "Missing Authentication Token");
        }

        if (service is null)
        {
            throw ServiceErrors.Create(auth.Service, ErrorKind.SignatureMismatch,
                $"Credential should be scoped to correct service: '{auth.Service}' is not served here.");
        }

        CheckRegion(service, auth.Region);
        var token = http.Request.Headers["X-Amz-Security-Token"].FirstOrDefault();
        if (!Options.VerifySignatures)
        {
            var known = FindCredential(auth.AccessKeyId);
            return known ?? throw ServiceErrors.Create(service.SigningName, ErrorKind.InvalidClientToken, "");
        }

        return verifier.Verify(auth, ToSigV4Request(http, body), token);
    }

    private void CheckRegion(ServiceInfo service, string region)
    {
        var isGlobal = service.SigningName is "iam" or "organizations" or "ce" or "support" or "account";
        if (isGlobal && region != "us-east-1")
        {
            throw ServiceErrors.Create(service.SigningName, ErrorKind.SignatureMismatch,
                $"Credential should be scoped to a valid region. Wrong region '{region}', expecting 'us-east-1'.");
        }

        bool enabled;
        lock (Account.Sync)
        {
            enabled = Account.IsRegionEnabled(region);
        }

        if (!enabled)
        {
            throw ServiceErrors.Create(service.SigningName, ErrorKind.InvalidClientToken, string.Empty);
        }
    }

    private FakeResult Dispatch(FakeRequest request, FakeCallContext call)
    {
        var service = services[request.Service.SigningName];
        if (string.IsNullOrEmpty(request.Operation) || !service.Knows(request.Operation))
        {
            throw ServiceErrors.Create(request.Service.SigningName, ErrorKind.UnknownOperation, request.Operation);
        }

        Faults.Apply(call);
        lock (Account.Sync)
        {
            return service.Handle(request);
        }
    }

    private (string Operation, Dictionary<string, string> RouteValues) ResolveOperation(
        HttpContext http, ServiceInfo service, Dictionary<string, string> form)
    {
        switch (service.Protocol)
        {
            case WireProtocol.Query or WireProtocol.Ec2:
                // TODO(fake): the Version parameter is not checked against the service's API version.
                return (form.GetValueOrDefault("Action") ?? string.Empty, []);
            case WireProtocol.Json:
                var target = http.Request.Headers["X-Amz-Target"].ToString();
                var dot = target.LastIndexOf('.');
                var matches = dot > 0 && ServiceCatalog.MatchesTarget(service, target[..dot]);
                return (matches ? target[(dot + 1)..] : target, []);
            default:
                var match = services[service.SigningName].MatchRoute(http.Request.Method,
                    http.Request.Path.Value ?? "/", [.. http.Request.Query.Keys]);
                if (match is null)
                {
                    return ($"{http.Request.Method} {http.Request.Path}", []);
                }

                var values = match.Value.Values;
                foreach (var (key, value) in http.Request.Query)
                {
                    values.TryAdd(key, value.ToString());
                }

                return (match.Value.Operation, values);
        }
    }

    /// <summary>The caller of an unsigned S3 request (public bucket reads).</summary>
    public static FakeCredential Anonymous { get; } = new(string.Empty, string.Empty, "*", "anonymous");

    // Every service but S3 refuses unsigned requests, and only S3 is read with unsigned GETs.
    private static ServiceInfo? AnonymousService(HttpContext http) =>
        HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            ? ServiceCatalog.Find("s3")
            : null;

    private static async Task<byte[]> ReadBodyAsync(HttpContext http, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    private static Dictionary<string, string> ParseForm(HttpContext http, byte[] body)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in QueryHelpers.ParseQuery(http.Request.QueryString.Value))
        {
            values[key] = value.ToString();
        }

        foreach (var (key, value) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)))
        {
            values[key] = value.ToString();
        }

        return values;
    }

    private static JsonObject ParseJson(ServiceInfo service, byte[] body)
    {
        if (service.Protocol is not (WireProtocol.Json or WireProtocol.RestJson) || body.Length == 0)
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(body) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            throw new AwsErrorException("SerializationException", "Start of structure or map found where not " +
                "expected.");
        }
    }

    private static SigV4Request ToSigV4Request(HttpContext http, byte[] body)
    {
        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "/";
        var queryStart = rawTarget.IndexOf('?');
        var rawPath = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var rawQuery = queryStart < 0 ? string.Empty : rawTarget[(queryStart + 1)..];
        var headers = http.Request.Headers
            .SelectMany(h => h.Value.Select(v => KeyValuePair.Create(h.Key, v ?? string.Empty)))
            .ToList();
        var declared = http.Request.Headers["x-amz-content-sha256"].FirstOrDefault();
        var payloadHash = declared == SigV4.UnsignedPayload ? declared : SigV4.HexSha256(body);
        return new SigV4Request(http.Request.Method, rawPath, rawQuery, headers, payloadHash);
    }
}
