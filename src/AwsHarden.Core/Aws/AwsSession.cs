using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using AwsHarden.Model;

namespace AwsHarden.Aws;

/// <summary>Which credentials and region to use; null values follow the AWS CLI's own lookup order.</summary>
public sealed record AwsSessionOptions(string? Profile, string? Region);

/// <summary>The identity behind the credentials, from sts:GetCallerIdentity.</summary>
public sealed record CallerIdentity(string Account, string Arn, string UserId)
{
    /// <summary>The partition named in the ARN (<c>aws</c>, <c>aws-cn</c>, <c>aws-us-gov</c>).</summary>
    public string Partition => AwsPartition.FromArn(Arn);
}

/// <summary>Settings for building a session from known credentials (emulators, tests, the fix flow).</summary>
public sealed record AwsSessionSettings
{
    /// <summary>The innermost handler; null means a pooled <see cref="SocketsHttpHandler"/>.</summary>
    public HttpMessageHandler? Handler { get; init; }
    /// <summary>Where AWS_ENDPOINT_URL* are read from; null means the process environment.</summary>
    public Func<string, string?>? Environment { get; init; }
    public AwsRetryOptions Retry { get; init; } = AwsRetryOptions.Default;
    public TimeProvider Time { get; init; } = TimeProvider.System;
    public string CredentialSource { get; init; } = "supplied credentials";
    /// <summary>How long one attempt waits for an answer before it fails with <see cref="AwsNoAnswerException"/>
    /// (not retried): an endpoint that never answers costs this, not minutes.</summary>
    public TimeSpan AttemptTimeout { get; init; } = DefaultAttemptTimeout;

    public static TimeSpan DefaultAttemptTimeout { get; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// Credentials, home region, endpoints and one pooled HTTP stack for every AWS call of a run. It counts each
/// attempt sent (<see cref="CallCount"/>) and never exposes or logs a secret.
/// </summary>
public sealed class AwsSession : IDisposable
{
    private readonly AWSCredentials sdkCredentials;
    private readonly HttpMessageHandler handler;
    private readonly HttpClient http;

    private AwsSession(
        AWSCredentials credentials, string credentialSource, string homeRegion, AwsSessionSettings settings)
    {
        sdkCredentials = credentials;
        CredentialSource = credentialSource;
        HomeRegion = homeRegion;
        Time = settings.Time;
        Endpoints = new AwsEndpoints(settings.Environment ?? System.Environment.GetEnvironmentVariable);
        handler = new CallLoggingHandler(CallLog, settings.Handler ?? CreateSocketsHandler(),
            settings.AttemptTimeout);
        // The handler bounds the wait for an answer; this bounds the whole exchange, body included.
        http = new HttpClient(handler, disposeHandler: false) { Timeout = settings.AttemptTimeout * 3 };
        Sender = new AwsRequestSender(http, GetCredentialsAsync, Endpoints,
            AwsRetry.CreatePipeline(settings.Retry, settings.Time), settings.Time);
    }

    /// <summary>Human text naming where the credentials came from, e.g. <c>profile 'dev' (sso)</c>.</summary>
    public string CredentialSource { get; }

    /// <summary>The region for global calls and the default for regional ones.</summary>
    public string HomeRegion { get; }

    public AwsPartition Partition => AwsPartition.ForRegion(HomeRegion);

    public TimeProvider Time { get; }

    public AwsEndpoints Endpoints { get; }

    /// <summary>The signed-request layer the typed clients use.</summary>
    public AwsRequestSender Sender { get; }

    /// <summary>Every HTTP attempt sent so far, SDK clients included.</summary>
    public AwsCallLog CallLog { get; } = new();

    public long CallCount => CallLog.Count;

    /// <summary>Resolves credentials through the SDK's standard chain and the home region like the AWS CLI.
    /// </summary>
    /// <exception cref="UserErrorException">No credentials, an unknown profile or an expired SSO login.
    /// </exception>
    public static async Task<AwsSession> CreateAsync(AwsSessionOptions options, CancellationToken ct)
    {
        ResolvedCredentials resolved;
        try
        {
            resolved = CredentialResolver.Resolve(options.Profile, System.Environment.GetEnvironmentVariable);
        }
        catch (InvalidDataException e)
        {
            // The SDK's INI reader rejects a malformed ~/.aws/config or credentials file with this exception. Its
            // message quotes the line, which may hold a secret key: keep only the line number and the file.
            var line = System.Text.RegularExpressions.Regex.Match(e.Message, @"Line (\d+)").Groups[1].Value;
            var file = System.Text.RegularExpressions.Regex.Match(e.Message, @"in file (.+?) does not").Groups[1].Value;
            var where = line.Length > 0 ? $"line {line} of {(file.Length > 0 ? file : "it")}" : "a line";
            throw new UserErrorException($"an AWS config or credentials file is malformed at {where}",
                "fix that line (sections look like [profile NAME], settings like key = value)", e);
        }

        await CredentialResolver.ProbeAsync(resolved, ct).ConfigureAwait(false);

        var region = FirstNonEmpty(options.Region, System.Environment.GetEnvironmentVariable("AWS_REGION"),
            System.Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION"), resolved.ProfileRegion) ?? "us-east-1";
        return new AwsSession(resolved.Credentials, resolved.Source, region, new AwsSessionSettings());
    }

    /// <summary>A session over known credentials, e.g. for an emulator on 127.0.0.1.</summary>
    public static AwsSession Create(AwsCredentials credentials, string homeRegion, AwsSessionSettings? settings = null)
    {
        AWSCredentials sdk = credentials.SessionToken is null
            ? new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey)
            : new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
        settings ??= new AwsSessionSettings();
        return new AwsSession(sdk, settings.CredentialSource, homeRegion, settings);
    }

    /// <summary>sts:GetCallerIdentity through the official SDK client.</summary>
    public async Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken ct)
    {
        using var client = new AmazonSecurityTokenServiceClient(
            sdkCredentials, ConfigureSdk(new AmazonSecurityTokenServiceConfig(), AwsService.Sts, HomeRegion));
        try
        {
            var response = await CallSdkAsync("sts:GetCallerIdentity", null,
                () => client.GetCallerIdentityAsync(new GetCallerIdentityRequest(), ct)).ConfigureAwait(false);
            return new CallerIdentity(response.Account, response.Arn, response.UserId);
        }
        catch (AwsServiceException ex) when (ex.Code is "InvalidClientTokenId" or "ExpiredToken"
            or "ExpiredTokenException" or "SignatureDoesNotMatch")
        {
            throw new UserErrorException(
                $"AWS rejected the credentials from {CredentialSource} ({ex.Code}).",
                "refresh them (e.g. 'aws sso login') or pick another profile with --profile", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException || ex.InnerException is HttpRequestException)
        {
            // The first call of every run: if AWS cannot be reached at all, nothing else will work either.
            var where = Endpoints.FindOverride(AwsService.Sts)?.ToString() ?? $"STS in {HomeRegion}";
            var why = (ex as HttpRequestException ?? (HttpRequestException)ex.InnerException!).Message;
            throw new UserErrorException($"cannot reach AWS at {where}: {why}",
                "check the network, a proxy, or AWS_ENDPOINT_URL if you point awsharden at an emulator", ex);
        }
    }

    /// <summary>Points an official SDK client at the same endpoint overrides, region and HTTP stack.</summary>
    public TConfig ConfigureSdk<TConfig>(TConfig config, AwsService service, string region)
        where TConfig : ClientConfig
    {
        config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        var overrideUrl = Endpoints.FindOverride(service);
        if (overrideUrl is not null)
        {
            config.ServiceURL = overrideUrl.ToString();
            config.AuthenticationRegion = region;
        }

        config.HttpClientFactory = new SessionHttpClientFactory(handler);
        return config;
    }

    internal AWSCredentials SdkCredentials => sdkCredentials;

    /// <summary>The access key id the session signs with (never the secret), so that a command can refuse to
    /// deactivate the key it is running on.</summary>
    public async Task<string> GetAccessKeyIdAsync(CancellationToken ct) =>
        (await GetCredentialsAsync(ct).ConfigureAwait(false)).AccessKeyId;

    /// <summary>Runs one SDK call tagged for the call log, with its errors as <see cref="AwsServiceException"/>.
    /// </summary>
    public static async Task<T> CallSdkAsync<T>(string action, string? region, Func<Task<T>> call)
    {
        using var scope = AwsOperationContext.Begin(action, region);
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonServiceException ex) when (ex.ErrorCode is not null || ex.StatusCode != 0)
        {
            var code = string.IsNullOrEmpty(ex.ErrorCode) ? $"Http{(int)ex.StatusCode}" : ex.ErrorCode;
            throw new AwsServiceException(code, ex.Message, ex.StatusCode, action, region);
        }
    }

    public void Dispose()
    {
        http.Dispose();
        handler.Dispose();
    }

    private async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var keys = await sdkCredentials.GetCredentialsAsync().ConfigureAwait(false);
        return new AwsCredentials(keys.AccessKey, keys.SecretKey, keys.UseToken ? keys.Token : null);
    }

    private static SocketsHttpHandler CreateSocketsHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = 64,
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    private static string? FirstNonEmpty(params string?[] values) =>
        values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    private sealed class SessionHttpClientFactory(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
            new(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(60) };

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }
}
