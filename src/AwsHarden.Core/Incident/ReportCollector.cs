using System.Security.Cryptography;
using System.Text;
using AwsHarden.Model;

namespace AwsHarden.Incident;

/// <summary>How much of a lineage's events an investigation holds in memory; the rest goes to disk.</summary>
public sealed record InvestigationLimits
{
    /// <summary>Timeline entries held before they are sorted and spilled as one run (about 300 bytes each).</summary>
    public int TimelineRun { get; init; } = 32_768;
    /// <summary>Successful writes and reads of secrets kept for the plans, the earliest first.</summary>
    public int PlannedEvents { get; init; } = 10_000;
    /// <summary>Where spill files go (a private folder is made inside); null for the temporary folder.</summary>
    public string? ScratchFolder { get; init; }
}

/// <summary>
/// Builds a report from a lineage's events as they stream in, in any order, without holding them all: the
/// timeline goes through a <see cref="TimelineCollector"/>, each credential keeps counts and distinct values,
/// and only the events the plans read are kept (successful writes, reads of secrets, each credential's first
/// event), at most <see cref="InvestigationLimits.PlannedEvents"/> of them, the earliest.
/// </summary>
internal sealed class ReportCollector(InvestigationLimits limits) : IDisposable
{
    private readonly TimelineCollector _timeline = new(limits.TimelineRun, limits.ScratchFolder);
    private readonly Dictionary<string, Usage> _usage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CloudTrailEvent> _firsts = new(StringComparer.Ordinal);
    private readonly EarliestEvents _planned = new(limits.PlannedEvents);
    // One 16-byte key per lineage event (about 40 bytes with the set's overhead): 1.5 M events take 60 MiB.
    private readonly HashSet<Guid> _seen = [];
    private long _duplicates;

    private sealed class Usage
    {
        public long Count;
        public DateTimeOffset First = DateTimeOffset.MaxValue, Last = DateTimeOffset.MinValue;
        public readonly SortedSet<string> Ips = new(StringComparer.Ordinal), Agents = new(StringComparer.Ordinal),
            Regions = new(StringComparer.Ordinal);
    }

    /// <summary>Adds an event of the lineage; false when the same event was added before (overlapping sources,
    /// or CloudTrail delivering it twice).</summary>
    public bool Add(CloudTrailEvent e, LineageNode node)
    {
        if (!_seen.Add(EventKey.Of(e)))
        {
            _duplicates++;
            return false;
        }
        _timeline.Add(Entry(e, node));
        Use(e, node);
        if (!_firsts.TryGetValue(node.Id, out var first) || EarliestEvents.Compare(e, first) < 0)
        {
            _firsts[node.Id] = e;
        }
        if (IsPlanned(e)) _planned.Add(e);
        return true;
    }

    /// <summary>A leaked temporary key whose issuing call the logs do not hold (an instance role's session taken
    /// through SSRF, say) acts as the identity of its first event: the role session it belongs to.</summary>
    private LineageNode SeenAs(LineageNode node) =>
        node is { IsSeed: true, Kind: LineageNodeKind.TemporaryCredentials, Owner: null }
        && _firsts.TryGetValue(node.Id, out var first) && first.UserIdentity?.Arn is { } arn
            ? node with { Owner = arn }
            : node;

    /// <summary>What the plans read: successful writes (and detection changes) and reads of secrets.</summary>
    private static bool IsPlanned(CloudTrailEvent e) =>
        !e.Failed && (EventClassifier.Categorize(e) is ActionCategory.Write or ActionCategory.SecretRead
                or ActionCategory.ConsoleSignIn
            || RevertPlanner.PhaseOf(e.EventName) != RevertPhase.Unknown);

    private void Use(CloudTrailEvent e, LineageNode node)
    {
        if (!_usage.TryGetValue(node.Id, out var u)) _usage[node.Id] = u = new Usage();
        // TODO(incident): cap the distinct IPs and user agents of a credential used from a botnet.
        u.Count++;
        if (e.EventTime < u.First) u.First = e.EventTime;
        if (e.EventTime > u.Last) u.Last = e.EventTime;
        if (e.SourceIpAddress is { } ip) u.Ips.Add(ip);
        if (e.UserAgent is { } agent) u.Agents.Add(agent);
        if (e.AwsRegion is { } region) u.Regions.Add(region);
    }

    public InvestigationReport Finish(InvestigationRequest request, LineageGraph lineage, ReadSummary read,
        TimeProvider time)
    {
        var kept = _planned.Items();
        var events = kept.Concat(_firsts.Values).Distinct(ReferenceEqualityComparer.Instance)
            .Cast<CloudTrailEvent>().Order(EarliestEvents.Order).ToList();
        var revert = new RevertPlanner(time).Plan(events);
        if (_planned.Dropped > 0)
        {
            revert = revert with { Assumptions = [.. revert.Assumptions, CapNote(kept.Count)] };
        }
        read = read with { DuplicateEventsIgnored = read.DuplicateEventsIgnored + _duplicates };
        var credentials = lineage.Nodes.Select(Activity).ToList();
        return new InvestigationReport
        {
            Seeds = request.Seeds, Since = request.Since, Until = request.Until,
            Lineage = [.. lineage.Nodes.Select(SeenAs)],
            Credentials = credentials,
            Warnings = [.. InvestigationWarnings.Of(request, lineage, credentials, read)],
            Timeline = _timeline.Finish(),
            SecretsRead = [.. events.SelectMany(EventClassifier.SecretsOf)],
            Read = read,
            Containment = new ContainmentPlanner(time).Plan(lineage, events),
            Revert = revert,
            LogAccounts = ContainmentAccount.AccountsOf(events),
        };
    }

    private string CapNote(int kept) =>
        $"The lineage made {kept + _planned.Dropped:N0} successful writes and reads of secrets; this plan and the "
        + $"secrets to rotate cover the earliest {kept:N0}. The timeline lists every event.";

    private CredentialActivity Activity(LineageNode node)
    {
        var u = _usage.GetValueOrDefault(node.Id);
        return new CredentialActivity
        {
            Credential = node.Id, Kind = node.Kind, EventCount = u?.Count ?? 0,
            FirstUse = u is null ? null : u.First, LastUse = u is null ? null : u.Last,
            SourceIpAddresses = [.. u?.Ips ?? []], UserAgents = [.. u?.Agents ?? []], Regions = [.. u?.Regions ?? []],
        };
    }

    private static TimelineEntry Entry(CloudTrailEvent e, LineageNode node) => new()
    {
        Time = e.EventTime, Credential = node.Id, Category = EventClassifier.Categorize(e), EventName = e.EventName,
        EventSource = e.EventSource, Region = e.AwsRegion, SourceIpAddress = e.SourceIpAddress,
        ErrorCode = e.ErrorCode, EventId = e.EventId, Target = EventClassifier.Target(e),
    };

    public void Dispose() => _timeline.Dispose();
}

/// <summary>
/// The earliest events of a stream, at most a limit of them, in memory twice the limit at most: when the list
/// reaches twice the limit it is sorted and cut back, and later events than the last kept are refused at once.
/// </summary>
internal sealed class EarliestEvents(int limit)
{
    private readonly List<CloudTrailEvent> _events = [];
    private CloudTrailEvent? _latestKept;

    public static readonly Comparer<CloudTrailEvent> Order = Comparer<CloudTrailEvent>.Create(Compare);

    public static int Compare(CloudTrailEvent? a, CloudTrailEvent? b) => a!.EventTime != b!.EventTime
        ? a.EventTime.CompareTo(b.EventTime) : string.CompareOrdinal(a.EventId, b.EventId);

    /// <summary>Events seen but not kept.</summary>
    public long Dropped { get; private set; }

    public void Add(CloudTrailEvent e)
    {
        if (_latestKept is not null && Compare(e, _latestKept) > 0)
        {
            Dropped++;
            return;
        }
        _events.Add(e);
        if (_events.Count >= 2 * limit) Trim();
    }

    /// <summary>The events kept, oldest first.</summary>
    public IReadOnlyList<CloudTrailEvent> Items()
    {
        Trim();
        return _events;
    }

    private void Trim()
    {
        _events.Sort(Order);
        if (_events.Count <= limit) return;
        Dropped += _events.Count - limit;
        _events.RemoveRange(limit, _events.Count - limit);
        _latestKept = _events[^1];
    }
}

/// <summary>
/// Identifies an event across sources: its eventID, or when a source lacks it a hash of when, what, where
/// and who, so the same event read from two files is counted once.
/// </summary>
internal static class EventKey
{
    public static Guid Of(CloudTrailEvent e)
    {
        if (e.EventId is { } id && Guid.TryParse(id, out var guid)) return guid;
        var text = e.EventId ?? string.Join("\u0001", e.EventTime.UtcTicks, e.EventName, e.EventSource,
            e.UserIdentity?.AccessKeyId, e.UserIdentity?.Arn, e.SourceIpAddress, e.RequestParameters);
        return new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }
}

/// <summary>The warnings shown above a report: what could make it look cleaner than the account is.</summary>
internal static class InvestigationWarnings
{
    public static IEnumerable<string> Of(InvestigationRequest request, LineageGraph lineage,
        IReadOnlyList<CredentialActivity> credentials, ReadSummary read)
    {
        if (read.BrokenFiles.Count > 0)
        {
            yield return $"INCOMPLETE: {Files(read.BrokenFiles.Count)} could not be read completely; actions in "
                + "them may be missing from the lineage, the timeline and both plans. Fix or fetch them again and "
                + "investigate again.";
        }
        var windowed = request.Since is not null || request.Until is not null;
        var window = $"between {request.Since?.ToString("u") ?? "the start of the logs"} and "
            + $"{request.Until?.ToString("u") ?? "the end of the logs"}";
        if (windowed && credentials.All(c => c.EventCount == 0))
        {
            yield return $"No event of the starting credentials or anything derived from them falls {window}. "
                + "This is not a clean result: widen --since / --until to see what they did.";
        }
        else if (windowed)
        {
            var idle = credentials.Where(c => c.EventCount == 0 && lineage.Nodes.Any(n => n.Id == c.Credential
                && n.IsSeed)).Select(c => c.Credential).ToList();
            if (idle.Count > 0)
            {
                yield return $"{string.Join(", ", idle)} made no call {window}; what it did before is not listed "
                    + "(widen --since to see it).";
            }
        }
        else
        {
            // Without a window a starting point nothing shows is most often a typo or another account's logs.
            foreach (var unseen in credentials.Where(c => c.EventCount == 0
                         && lineage.Nodes.Any(n => n.Id == c.Credential && n.IsSeed)))
                yield return NotSeen(unseen.Credential, request, read);
        }
        var before = lineage.Nodes.Count(n => !n.IsSeed && n.Since < request.Since);
        if (before > 0)
        {
            yield return $"{before} credentials or principals of the lineage were derived before --since; they "
                + "are followed and contained, but only actions inside the window are listed and reverted.";
        }
        if (read.DuplicateEventsIgnored > 0)
        {
            yield return $"{read.DuplicateEventsIgnored:N0} duplicate events (the same event read from more than "
                + "one source) were counted once.";
        }
    }

    private static string NotSeen(string id, InvestigationRequest request, ReadSummary read)
    {
        var what = id.StartsWith("AKIA", StringComparison.Ordinal) || id.StartsWith("ASIA", StringComparison.Ordinal)
            ? $"Key {id}" : id;
        var where = request.HistoryStart is { } start
            ? $"between {start:u} and now (the event history keeps 90 days; older activity needs --bucket, --logs "
              + "or --athena)"
            : $"in {Files(read.FilesRead)} of logs";
        return $"{what} was not seen in the {read.EventsRead:N0} events read {where}; check the key id, that these "
            + "are the right account's logs, and the time window (--since). This is not a clean result.";
    }

    private static string Files(int n) => n == 1 ? "1 file" : $"{n} files";
}
