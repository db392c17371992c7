using AwsHarden.Aws.Clients;

namespace AwsHarden.Incident;

/// <summary>One part of the account context: its value, or why it was not read.</summary>
public sealed record ContextPart<T>(T? Value, string? NotRead, IReadOnlyList<string> Notes) where T : class
{
    public static ContextPart<T> Read(T value, IReadOnlyList<string>? notes = null) => new(value, null, notes ?? []);

    public static ContextPart<T> Skipped(string why) => new(null, why, []);
}

/// <summary>
/// What the account itself says about an incident, beside the logs: the bill for the window against the weeks
/// before, the alternate contacts, and Access Analyzer's external-access findings.
/// </summary>
public sealed record AccountContext
{
    /// <summary>Why nothing was read (offline, no credentials); null when the parts were read.</summary>
    public string? NotRead { get; init; }
    public ContextPart<CostComparison>? Cost { get; init; }
    public ContextPart<IReadOnlyList<ContactState>>? Contacts { get; init; }
    public ContextPart<IReadOnlyList<ExternalAccess>>? ExternalAccess { get; init; }

    public static AccountContext Skipped(string why) => new() { NotRead = why };
}

/// <summary>The cost of the window beside the same days before it, per service and per region.</summary>
public sealed record CostComparison
{
    public required DateOnly WindowStart { get; init; }
    /// <summary>Exclusive, as Cost Explorer's TimePeriod.</summary>
    public required DateOnly WindowEnd { get; init; }
    public required DateOnly BaselineStart { get; init; }
    public required string Unit { get; init; }
    public required decimal WindowTotal { get; init; }
    public required decimal BaselineTotal { get; init; }
    /// <summary>Per service then per region, the largest window cost first.</summary>
    public required IReadOnlyList<CostChange> Changes { get; init; }

    public int WindowDays => WindowEnd.DayNumber - WindowStart.DayNumber;
    public int BaselineDays => WindowStart.DayNumber - BaselineStart.DayNumber;
}

/// <summary>How a service or region's cost per day moved between the weeks before and the window.</summary>
/// <param name="Dimension">SERVICE or REGION.</param>
/// <param name="Jumped">Above the thresholds of <see cref="CostComparer"/>: new spend or a rise.</param>
public sealed record CostChange(string Dimension, string Name, decimal WindowTotal, decimal WindowPerDay,
    decimal BaselinePerDay, bool Jumped);

/// <summary>One alternate contact as the account holds it now; <c>ChangedBy</c> names the lineage's event that
/// wrote contacts, when there was one.</summary>
public sealed record ContactState(string Type, bool IsSet, string? Name, string? Email, string? ChangedBy);

/// <summary>An active external-access finding, and whether it appeared inside the investigated window.</summary>
public sealed record ExternalAccess(string Region, AccessFinding Finding, bool CreatedInWindow);
