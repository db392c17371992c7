using AwsHarden.Model;

namespace AwsHarden.Incident;

/// <summary>How an event is grouped in the report.</summary>
public enum ActionCategory { Write, Read, SecretRead, Failed, ConsoleSignIn }

/// <summary>One line of the timeline: an event made by a credential of the lineage.</summary>
public sealed record TimelineEntry
{
    public required DateTimeOffset Time { get; init; }
    /// <summary>The lineage node that made the call.</summary>
    public required string Credential { get; init; }
    public required ActionCategory Category { get; init; }
    public required string EventName { get; init; }
    public required string EventSource { get; init; }
    public string? Region { get; init; }
    public string? SourceIpAddress { get; init; }
    public string? ErrorCode { get; init; }
    public string? EventId { get; init; }
    /// <summary>The resource the call named, e.g. the user, role, bucket or instances.</summary>
    public string? Target { get; init; }
}

/// <summary>Where and how one credential of the lineage was used.</summary>
public sealed record CredentialActivity
{
    public required string Credential { get; init; }
    public required LineageNodeKind Kind { get; init; }
    public DateTimeOffset? FirstUse { get; init; }
    public DateTimeOffset? LastUse { get; init; }
    public long EventCount { get; init; }
    public IReadOnlyList<string> SourceIpAddresses { get; init; } = [];
    public IReadOnlyList<string> UserAgents { get; init; } = [];
    public IReadOnlyList<string> Regions { get; init; } = [];
}

/// <summary>A secret the lineage read, which must now be treated as known to the attacker.</summary>
public sealed record SecretRead(string Kind, string Name, string? Region, DateTimeOffset Time, string? EventId);

/// <summary>What a read covered, frozen for the report.</summary>
public sealed record ReadSummary
{
    public int FilesRead { get; init; }
    public int DigestFilesSkipped { get; init; }
    public int InsightsFilesSkipped { get; init; }
    public int OtherFilesSkipped { get; init; }
    public long EventsRead { get; init; }
    public long BytesRead { get; init; }
    public long RecordsWithoutTime { get; init; }
    public long RecordsWithoutName { get; init; }
    public IReadOnlyList<BrokenFile> BrokenFiles { get; init; } = [];
    /// <summary>Events of the lineage read more than once (the same eventID from overlapping sources) and
    /// counted once.</summary>
    public long DuplicateEventsIgnored { get; init; }

    public static ReadSummary From(ReadReport r) => new()
    {
        FilesRead = r.FilesRead, DigestFilesSkipped = r.DigestFilesSkipped,
        InsightsFilesSkipped = r.InsightsFilesSkipped, OtherFilesSkipped = r.OtherFilesSkipped,
        EventsRead = r.EventsRead, BytesRead = r.BytesRead, RecordsWithoutTime = r.RecordsWithoutTime,
        RecordsWithoutName = r.RecordsWithoutName, BrokenFiles = r.BrokenFiles,
    };
}

/// <summary>The result of <c>incident investigate</c>: lineage, timeline, grouped actions and both plans.
/// Dispose it to release the timeline's spill file when the timeline was too long to hold.</summary>
public sealed record InvestigationReport : IDisposable
{
    public required LineageSeeds Seeds { get; init; }
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
    public required IReadOnlyList<LineageNode> Lineage { get; init; }
    public required IReadOnlyList<CredentialActivity> Credentials { get; init; }
    /// <summary>Every event of the lineage, oldest first; a <see cref="SpilledTimeline"/> read from disk when
    /// long. Enumerate it rather than index it.</summary>
    public required IReadOnlyList<TimelineEntry> Timeline { get; init; }
    public required IReadOnlyList<SecretRead> SecretsRead { get; init; }
    public required ReadSummary Read { get; init; }
    public required Plan Containment { get; init; }
    public required Plan Revert { get; init; }
    /// <summary>The accounts the lineage's events were recorded in (recipientAccountId, else the caller's
    /// account), for checking that plans are applied to that account.</summary>
    public IReadOnlyList<string> LogAccounts { get; init; } = [];
    /// <summary>The bill, alternate contacts and external access, read from the live account; null when the
    /// command did not ask (e.g. <c>contain</c>).</summary>
    public AccountContext? Context { get; init; }
    /// <summary>What the reader must know before trusting the report (unread files, an empty window), most
    /// important first; shown above everything else in every format.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>False when part of the input could not be read: actions in it may be missing from the plans.
    /// </summary>
    public bool Complete => Read.BrokenFiles.Count == 0;
    /// <summary>Events of the lineage inside the window, across every credential.</summary>
    public long EventsInWindow => Credentials.Sum(c => c.EventCount);

    public IEnumerable<TimelineEntry> Actions(ActionCategory category) =>
        Timeline.Where(t => t.Category == category);

    public void Dispose() => (Timeline as IDisposable)?.Dispose();
}
