namespace AwsHarden.Audit.Collect;

/// <summary>What the collector reads and how hard it pushes.</summary>
public sealed record CollectorOptions
{
    /// <summary>Regions to audit; null means every region enabled for the account.</summary>
    public IReadOnlyList<string>? Regions { get; init; }

    /// <summary>Units of work (one service in one region) in flight at once.</summary>
    public int MaxConcurrency { get; init; } = 16;

    /// <summary>How many times to ask whether the credential report is ready before giving up.</summary>
    public int CredentialReportPolls { get; init; } = 12;
}

/// <summary>Progress of a collection: one unit of work (a service, in a region or globally) finished.</summary>
public sealed record CollectProgress(string Service, string? Region, int Done, int Total);
