using System.Text;
using AwsHarden.Aws.Clients;

namespace AwsHarden.Incident;

/// <summary>What to look up in CloudTrail's event history: the seeds, the regions and the window.</summary>
public sealed record EventHistoryRequest
{
    public required LineageSeeds Seeds { get; init; }
    public required IReadOnlyList<string> Regions { get; init; }
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
    /// <summary>LookupEvents requests per second and region; AWS allows 2.</summary>
    public int RequestsPerSecond { get; init; } = 2;
}

/// <summary>
/// Follows leaked credentials through LookupEvents instead of log files. LookupEvents takes one lookup attribute
/// per request, so it asks, in every region, for the events of each credential of the lineage (AccessKeyId),
/// of each user (Username) and each role (ResourceName); it rebuilds the lineage from what came back and asks
/// again for whatever is new, until a round finds nothing new. Each region is paced on its own.
/// </summary>
public sealed class EventHistoryInvestigator(ILookupEvents lookup, TimeProvider time)
{
    /// <summary>How far back the event history reaches.</summary>
    public static readonly TimeSpan HistoryDepth = TimeSpan.FromDays(90);

    /// <summary>Every lookup sent, as (region, attribute key, value); for tests and progress.</summary>
    public IReadOnlyList<(string Region, string Key, string Value)> Lookups => [.. _lookups];

    private readonly System.Collections.Concurrent.ConcurrentQueue<(string, string, string)> _lookups = new();

    /// <summary>The lineage and its events (oldest first), and what was read.</summary>
    public async Task<(LineageGraph Lineage, IReadOnlyList<CloudTrailEvent> Events, ReadReport Read)> CollectAsync(
        EventHistoryRequest request, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var start = request.Since ?? now - HistoryDepth;
        if (start < now - HistoryDepth)
        {
            progress?.Report($"LookupEvents keeps only the last 90 days; events before {now - HistoryDepth:u} "
                + "are not there (use --bucket or --logs for older ones)");
        }
        var window = (Start: start, End: request.Until ?? now);
        var read = new ReadReport();
        var pacers = request.Regions.ToDictionary(r => r, _ => new RequestPacer(time, request.RequestsPerSecond));
        var events = new Dictionary<string, CloudTrailEvent>(StringComparer.Ordinal);
        var asked = new HashSet<(string, string)>();

        for (var round = 1; ; round++)
        {
            var lineage = LineageBuilder.Build(request.Seeds, events.Values);
            var queries = Attributes(request.Seeds, lineage).Where(asked.Add).ToList();
            if (queries.Count == 0)
            {
                var mine = events.Values.Where(e => lineage.Attribute(e) is not null)
                    .OrderBy(e => e.EventTime).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList();
                return (lineage, mine, read);
            }

            progress?.Report($"Round {round}: {queries.Count} lookups in {request.Regions.Count} regions "
                + $"({lineage.Nodes.Count} credentials and principals so far)");
            var found = await Task.WhenAll(request.Regions.Select(region =>
                LookupRegionAsync(region, queries, window, pacers[region], read, ct))).ConfigureAwait(false);
            foreach (var e in found.SelectMany(f => f)) events.TryAdd(Key(e), e);
        }
    }

    /// <summary>The lookups that find the events of each node (and of the seeds, before any event is known).
    /// </summary>
    private static IEnumerable<(string Key, string Value)> Attributes(LineageSeeds seeds, LineageGraph lineage)
    {
        foreach (var n in lineage.Nodes)
        {
            switch (n.Kind)
            {
                case LineageNodeKind.AccessKey or LineageNodeKind.TemporaryCredentials:
                    yield return ("AccessKeyId", n.Id);
                    break;
                case LineageNodeKind.User or LineageNodeKind.ConsolePassword when n.Owner is { } user:
                    yield return ("Username", user);
                    break;
                case LineageNodeKind.Role:
                    // AssumeRole names the role among its resources: finds every session of it, whoever asked.
                    yield return ("ResourceName", n.Id);
                    break;
                case LineageNodeKind.IdentityProvider:
                    // Sessions through a provider name it in different places (SAML: the request; web identity:
                    // the identity), and not always among the resources: ask for the event, the lineage
                    // builder keeps the sessions of this provider.
                    yield return ("EventName", n.Id.Contains(":saml-provider/", StringComparison.Ordinal)
                        ? "AssumeRoleWithSAML" : "AssumeRoleWithWebIdentity");
                    break;
            }
        }
        if (seeds.UserName is { } seedUser) yield return ("Username", seedUser);
    }

    private async Task<List<CloudTrailEvent>> LookupRegionAsync(string region,
        IReadOnlyList<(string Key, string Value)> queries, (DateTimeOffset Start, DateTimeOffset End) window,
        RequestPacer pacer, ReadReport read, CancellationToken ct)
    {
        var parser = new CloudTrailParser(new CloudTrailReadOptions(), read);
        var found = new List<CloudTrailEvent>();
        foreach (var (key, value) in queries)
        {
            string? token = null;
            do
            {
                await pacer.WaitAsync(ct).ConfigureAwait(false);
                _lookups.Enqueue((region, key, value));
                var page = await lookup.LookupEventsAsync(region,
                    new LookupEventsQuery(key, value, window.Start, window.End, token), ct).ConfigureAwait(false);
                foreach (var record in page.Records) Parse(parser, region, record, found, read);
                token = page.NextToken;
            }
            while (!string.IsNullOrEmpty(token));
        }
        return found;
    }

    private static void Parse(CloudTrailParser parser, string region, string record, List<CloudTrailEvent> found,
        ReadReport read)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(record));
        try
        {
            parser.Parse(stream, $"LookupEvents {region}", e => found.Add(e with { SourceFile = null }));
            read.Events(parser.EventCount);
        }
        catch (BrokenFileException ex)
        {
            read.Broken($"LookupEvents {region}", ex.Message);
        }
    }

    /// <summary>The same event comes back from several lookups (by key, by user, by role).</summary>
    private static string Key(CloudTrailEvent e) =>
        e.EventId ?? $"{e.EventTime:O}|{e.EventName}|{e.UserIdentity?.AccessKeyId}|{e.AwsRegion}";
}
