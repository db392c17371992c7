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

/// <summary>Records each attempt in the session's <see cref="AwsCallLog"/>.</summary>
internal sealed class CallLoggingHandler(AwsCallLog log, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var (action, region) = Describe(request);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            log.Record(new AwsCall(action, region, (int)response.StatusCode));
            return response;
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
