using System.Text.Json;
using System.Text.Json.Nodes;
using AwsHarden.Model;

namespace AwsHarden.Incident;

/// <summary>What to investigate: the starting credentials, the logs, and the time window.</summary>
public sealed record InvestigationRequest
{
    public required LineageSeeds Seeds { get; init; }
    /// <summary>Log files or folders; ignored when <see cref="Objects"/> is set.</summary>
    public IReadOnlyList<string> LogPaths { get; init; } = [];
    /// <summary>Logs already chosen, e.g. the objects of a trail bucket for the window.</summary>
    public IReadOnlyList<TrailObject>? Objects { get; init; }
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
    /// <summary>The earliest time the source holds when no <see cref="Since"/> is given (LookupEvents: 90 days
    /// ago); null when the source holds whatever it was given. Only named in warnings.</summary>
    public DateTimeOffset? HistoryStart { get; init; }
    /// <summary>Logs read at once; null means one per processor (more pays off for bucket objects).</summary>
    public int? Parallelism { get; init; }
}

/// <summary>
/// Investigates leaked credentials from CloudTrail files in two streaming passes. The first keeps only the
/// events that can derive credentials (and notes which actors each file holds, on disk) to build the lineage;
/// the second re-reads only the files where a lineage credential acted and streams their events into the
/// report (timeline spilled to disk past <see cref="InvestigationLimits.TimelineRun"/>). Memory follows the
/// number of derivation events, not the size of the logs nor the number of the lineage's events.
/// </summary>
public sealed class IncidentInvestigator(TimeProvider time)
{
    // TODO(incident): live sources (--bucket, --lookup, --athena) feed the same two passes.
    public async Task<InvestigationReport> InvestigateAsync(InvestigationRequest request,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var files = request.Objects ?? [.. CloudTrailReader.ExpandPaths(request.LogPaths).Select(TrailObject.File)];
        var options = new CloudTrailReadOptions { Since = request.Since, Until = request.Until };
        if (request.Parallelism is { } parallel) options = options with { Parallelism = parallel };
        progress?.Report($"Reading {files.Count} files for derived credentials…");

        // The lineage is built from the start of the logs: a key created before --since and used inside the
        // window must still be followed. --since bounds only what is listed and reverted.
        var lineageOptions = options with { Since = null };
        using var actors = new ActorIndex(Limits.ScratchFolder);
        var firstPass = new CloudTrailReader(lineageOptions with
        {
            KeepPayload = LineageBuilder.IsPivotal, MaterializeOnly = LineageBuilder.PivotalEventNames,
            MaterializedTokens = TokensOf,
        }, actors);
        var pivotal = await WithProgressAsync(firstPass.Report, files.Count, progress,
            () => ScanAsync(firstPass, files, cancellationToken));
        var lineage = await BuildAsync(request.Seeds, pivotal, files, actors, lineageOptions, cancellationToken);

        var acting = actors.FilesActing(lineage.ActorTokens());
        var relevant = files.Where(f => acting.Contains(f.Name)).ToList();
        progress?.Report($"Lineage has {lineage.Nodes.Count} nodes; reading the {relevant.Count} files they act in…");

        using var collector = new ReportCollector(Limits);
        await foreach (var e in new CloudTrailReader(options).ReadObjectsAsync(relevant, cancellationToken))
        {
            if (lineage.Attribute(e) is { } node) collector.Add(e, node);
        }
        return collector.Finish(request, lineage, ReadSummary.From(firstPass.Report), time);
    }

    /// <summary>How much of the lineage's events is held in memory, and where the rest is spilled.</summary>
    public InvestigationLimits Limits { get; init; } = new();

    /// <summary>How often a long read says how far it got.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="read"/>, reporting files, bytes and records read every
    /// <see cref="ProgressInterval"/>: a trail bucket over the network can take many minutes.</summary>
    private async Task<T> WithProgressAsync<T>(ReadReport read, int files, IProgress<string>? progress,
        Func<Task<T>> work)
    {
        if (progress is null) return await work();

        void Tell(object? _) => progress.Report($"… {read.FilesRead} of {files} files, "
            + $"{read.BytesRead / 1048576.0:F0} MiB, {read.EventsRead:N0} records");
        await using var ticker = time.CreateTimer(Tell, null, ProgressInterval, ProgressInterval);
        return await work();
    }

    /// <summary>
    /// Builds the lineage; whenever roles join it, reads the files where services assumed them for those
    /// sessions and builds again, until no role joins.
    /// </summary>
    private static async Task<LineageGraph> BuildAsync(LineageSeeds seeds, List<CloudTrailEvent> pivotal,
        IReadOnlyList<TrailObject> files, ActorIndex actors, CloudTrailReadOptions options, CancellationToken ct)
    {
        var fetched = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var lineage = LineageBuilder.Build(seeds, pivotal);
            var roles = lineage.Nodes.Where(n => n.Kind == LineageNodeKind.Role)
                .Select(n => LineageGraph.RoleName(n.Id)).Where(fetched.Add).ToHashSet(StringComparer.Ordinal);
            var tokens = roles.Select(ServiceSessions.Token).ToHashSet(StringComparer.Ordinal);
            var acting = actors.FilesActing(tokens);
            var where = files.Where(f => acting.Contains(f.Name)).ToList();
            if (where.Count == 0) return lineage;

            var reader = new CloudTrailReader(options with
            {
                KeepPayload = n => n == "AssumeRole", MaterializeOnly = new HashSet<string> { "AssumeRole" },
            });
            await foreach (var e in reader.ReadObjectsAsync(where, ct))
            {
                if (ServiceSessions.RoleOf(e) is { } role && roles.Contains(role)) pivotal.Add(e);
            }
            pivotal = [.. pivotal.DistinctBy(EventKey.Of)];
        }
    }

    /// <summary>What a materialised record adds to its file's filter: its actors, and the role a service
    /// assumed in it.</summary>
    private static IEnumerable<string> TokensOf(CloudTrailEvent e)
    {
        foreach (var token in LineageGraph.TokensOf(e)) yield return token;
        if (ServiceSessions.RoleOf(e) is { } role) yield return ServiceSessions.Token(role);
    }

    private static async Task<List<CloudTrailEvent>> ScanAsync(
        CloudTrailReader reader, IReadOnlyList<TrailObject> files, CancellationToken ct)
    {
        var pivotal = new List<CloudTrailEvent>();
        var interned = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<Guid>();
        await foreach (var e in reader.ReadObjectsAsync(files, ct))
        {
            // Service-issued role sessions are left in their files (see ServiceSessions). The same event from
            // two sources is kept once.
            if (LineageBuilder.IsPivotal(e.EventName) && ServiceSessions.RoleOf(e) is null && seen.Add(EventKey.Of(e)))
            {
                pivotal.Add(Slim(e, interned));
            }
        }
        return pivotal;
    }

    private static string Intern(Dictionary<string, string> interned, string value)
    {
        if (interned.TryGetValue(value, out var known)) return known;
        interned[value] = value;
        return value;
    }

    private static readonly string[][] RequestKept =
        [["roleArn"], ["userName"], ["roleName"], ["principalArn"], ["url"]];

    private static readonly string[][] ResponseKept =
    [
        ["credentials", "accessKeyId"], ["assumedRoleUser", "arn"], ["federatedUser", "arn"],
        ["accessKey", "accessKeyId"], ["accessKey", "userName"], ["role", "arn"], ["sAMLProviderArn"],
        ["SAMLProviderArn"], ["openIDConnectProviderArn"], ["ConsoleLogin"],
    ];

    /// <summary>
    /// Keeps only what the lineage reads, since every STS and IAM derivation event of the trail is held
    /// until the lineage is built; the second pass reads the lineage's own events whole.
    /// </summary>
    private static CloudTrailEvent Slim(CloudTrailEvent e, Dictionary<string, string> interned)
    {
        string? I(string? s) => s is null || s.Length > 200 ? s : Intern(interned, s);
        var who = e.UserIdentity is { } u
            ? u with
            {
                Type = I(u.Type), Arn = I(u.Arn), AccountId = I(u.AccountId), UserName = I(u.UserName),
                PrincipalId = I(u.PrincipalId), InvokedBy = I(u.InvokedBy),
            }
            : null;
        return e with
        {
            EventName = I(e.EventName)!, EventSource = I(e.EventSource)!, AwsRegion = I(e.AwsRegion),
            EventType = I(e.EventType), RecipientAccountId = I(e.RecipientAccountId), UserIdentity = who,
            UserAgent = null, ErrorMessage = null, AdditionalEventData = null, SourceIpAddress = null,
            SourceFile = I(e.SourceFile), RequestParameters = I(Keep(e.RequestParameters, RequestKept)),
            ResponseElements = Keep(e.ResponseElements, ResponseKept),
        };
    }

    private static string? Keep(string? json, string[][] paths)
    {
        if (json is null) return null;

        using var doc = JsonDocument.Parse(json);
        var kept = new JsonObject();
        foreach (var path in paths)
        {
            if (Find(doc.RootElement, path) is not { } value) continue;
            var at = kept;
            foreach (var name in path[..^1])
            {
                at = at[name] as JsonObject ?? (JsonObject)(at[name] = new JsonObject());
            }
            at[path[^1]] = value;
        }
        return kept.Count == 0 ? null : kept.ToJsonString();
    }

    private static string? Find(JsonElement e, string[] path)
    {
        foreach (var name in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e)) return null;
        }
        return e.ValueKind == JsonValueKind.String ? e.GetString() : null;
    }

    /// <summary>Builds the report from a finished lineage and its events, in any order.</summary>
    public InvestigationReport Report(InvestigationRequest request, LineageGraph lineage,
        IReadOnlyList<CloudTrailEvent> events, ReadSummary read)
    {
        using var collector = new ReportCollector(Limits);
        foreach (var e in events) collector.Add(e, lineage.Attribute(e)!);
        return collector.Finish(request, lineage, read, time);
    }
}
