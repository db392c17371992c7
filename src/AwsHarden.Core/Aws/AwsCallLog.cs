using System.Collections.Concurrent;

namespace AwsHarden.Aws;

/// <summary>One HTTP attempt sent to AWS (retries count separately).</summary>
/// <param name="Action">The IAM action, e.g. <c>iam:GetCredentialReport</c>; <c>unknown</c> if not tagged.</param>
/// <param name="StatusCode">The HTTP status, or null when the network failed.</param>
public sealed record AwsCall(string Action, string? Region, int? StatusCode);

/// <summary>Counts and records every attempt a session sends, for benchmarks and tests.</summary>
public sealed class AwsCallLog
{
    private readonly ConcurrentQueue<AwsCall> calls = new();
    private long count;

    public long Count => Interlocked.Read(ref count);

    public IReadOnlyList<AwsCall> Calls => [.. calls];

    /// <summary>How many attempts were sent for one action.</summary>
    public int CountOf(string action) => calls.Count(c => c.Action == action);

    internal void Record(AwsCall call)
    {
        Interlocked.Increment(ref count);
        calls.Enqueue(call);
    }
}

/// <summary>Names the operation in flight, so the logging handler can tag attempts the SDK clients send.</summary>
internal static class AwsOperationContext
{
    private static readonly AsyncLocal<(string Action, string? Region)?> Current = new();

    public static readonly HttpRequestOptionsKey<string> ActionKey = new("awsharden.action");
    public static readonly HttpRequestOptionsKey<string> RegionKey = new("awsharden.region");

    public static (string Action, string? Region)? Value => Current.Value;

    public static IDisposable Begin(string action, string? region)
    {
        var previous = Current.Value;
        Current.Value = (action, region);
        return new Restore(previous);
    }

    private sealed class Restore((string Action, string? Region)? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}

/// <summary>An endpoint that took the connection (or not) but sent no answer within the attempt timeout: a
/// firewall dropping packets, a dead proxy, a half-open VPN. Not retried: the next attempt would wait as long.
/// </summary>
public sealed class AwsNoAnswerException(string action, Uri? endpoint, TimeSpan timeout, Exception? inner = null)
    : HttpRequestException(HttpRequestError.Unknown,
        $"no answer from AWS ({action}) at {Where(endpoint)} within {timeout.TotalSeconds:0.#} s", inner)
{
    public string Action { get; } = action;

    private static string Where(Uri? endpoint) =>
        endpoint is null ? "an unknown endpoint" : endpoint.GetLeftPart(UriPartial.Authority) + "/";
}

/// <summary>Records each attempt in the session's <see cref="AwsCallLog"/>, and bounds how long an attempt
/// waits for an answer (<paramref name="attemptTimeout"/>; SDK clients' calls pass here too). An endpoint that
/// gave no answer once fails later attempts of the session at once: the SDK's own retries, and the next calls,
/// would each wait as long again.</summary>
internal sealed class CallLoggingHandler(AwsCallLog log, HttpMessageHandler inner, TimeSpan attemptTimeout)
    : DelegatingHandler(inner)
{
    private readonly ConcurrentDictionary<string, bool> silent = new(StringComparer.OrdinalIgnoreCase);

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var (action, region) = Describe(request);
        var authority = request.RequestUri?.GetLeftPart(UriPartial.Authority) ?? "";
        if (silent.ContainsKey(authority))
            throw new AwsNoAnswerException(action, request.RequestUri, attemptTimeout);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(attemptTimeout);
        try
        {
            var response = await base.SendAsync(request, timeout.Token).ConfigureAwait(false);
            log.Record(new AwsCall(action, region, (int)response.StatusCode));
            return response;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested
            && timeout.IsCancellationRequested)
        {
            log.Record(new AwsCall(action, region, null));
            silent[authority] = true;
            throw new AwsNoAnswerException(action, request.RequestUri, attemptTimeout, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            log.Record(new AwsCall(action, region, null));
            throw;
        }
    }

    private static (string Action, string? Region) Describe(HttpRequestMessage request)
    {
        if (request.Options.TryGetValue(AwsOperationContext.ActionKey, out var action))
        {
            request.Options.TryGetValue(AwsOperationContext.RegionKey, out var region);
            return (action, region);
        }

        return AwsOperationContext.Value ?? ("unknown", null);
    }
}
