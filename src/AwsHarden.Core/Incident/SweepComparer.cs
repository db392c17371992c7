using AwsHarden.Model;

namespace AwsHarden.Incident;

/// <summary>Why a resource is listed.</summary>
public enum SweepReason
{
    /// <summary>Created (for Lambda: last changed) at or after the window's start.</summary>
    NewSinceWindow,
    /// <summary>The baseline snapshot holds this kind in this region, but not this resource.</summary>
    NotInBaseline,
    /// <summary>AWS gives no creation time and no baseline covers the kind: it cannot be ruled out.</summary>
    UnknownAge,
}

/// <summary>A resource the sweep lists, and why.</summary>
public sealed record SweepFinding(SweepResource Resource, IReadOnlyList<SweepReason> Reasons);

/// <summary>What a sweep found: the listed resources, what was compared how, and what could not be read.
/// </summary>
public sealed record SweepReport
{
    public required string AccountId { get; init; }
    public required DateTimeOffset Since { get; init; }
    public required DateTimeOffset ReadAt { get; init; }
    /// <summary>When the baseline snapshot was collected; null without one.</summary>
    public DateTimeOffset? BaselineCollectedAt { get; init; }
    public required IReadOnlyList<string> Regions { get; init; }
    public required IReadOnlyList<SweepFinding> Found { get; init; }
    public required IReadOnlyList<SweepGap> NotSwept { get; init; }
    public CallError? RegionsError { get; init; }
    /// <summary>With a baseline: the kinds it does not hold, which were compared by time alone.</summary>
    public IReadOnlyList<SweepKind> TimeOnlyKinds { get; init; } = [];
    public int ResourcesRead { get; init; }
    public long ApiCalls { get; init; }

    /// <summary>True when a region or a kind could not be read, so "nothing found" would not be a clean bill.
    /// </summary>
    public bool IsIncomplete => NotSwept.Count > 0 || RegionsError is not null;
}

/// <summary>
/// What a baseline snapshot (from <c>awsharden collect</c>) says existed: per kind and region, the ids it held.
/// A kind the snapshot does not hold, or one whose read failed when it was collected, is not covered.
/// </summary>
public sealed class SweepBaseline
{
    private readonly Dictionary<(SweepKind, string?), HashSet<string>> known = [];

    private SweepBaseline(DateTimeOffset collectedAt, string accountId)
    {
        CollectedAt = collectedAt;
        AccountId = accountId;
    }

    public DateTimeOffset CollectedAt { get; }
    public string AccountId { get; }

    /// <summary>Instances per region, IAM users, roles and customer managed policies: what the snapshot holds.
    /// Access keys are not covered (the credential report it keeps has no key ids).</summary>
    public static SweepBaseline From(AccountSnapshot snapshot)
    {
        var baseline = new SweepBaseline(snapshot.CollectedAt, snapshot.AccountId);
        foreach (var (region, instances) in snapshot.Instances)
        {
            if (instances.Ok)
            {
                baseline.known[(SweepKind.Ec2Instance, region)] = [.. instances.Value!.Select(i => i.InstanceId)];
            }
        }

        if (snapshot.Iam.Authorization is { Ok: true, Value: { } details })
        {
            baseline.known[(SweepKind.IamUser, null)] = [.. details.Users.Select(u => u.Name)];
            baseline.known[(SweepKind.IamRole, null)] = [.. details.Roles.Select(r => r.Name)];
            baseline.known[(SweepKind.IamPolicy, null)] =
                [.. details.Policies.Where(p => !p.IsAwsManaged).Select(p => p.Arn)];
        }

        return baseline;
    }

    public bool Covers(SweepKind kind, string? region) => known.ContainsKey((kind, region));

    public bool Contains(SweepKind kind, string? region, string id) =>
        known.TryGetValue((kind, region), out var ids) && ids.Contains(id);
}

/// <summary>Compares an inventory with a time window and, optionally, a baseline. Pure: no AWS, no clock.
/// </summary>
public static class SweepComparer
{
    public static SweepReport Compare(SweepInventory inventory, DateTimeOffset since, SweepBaseline? baseline)
    {
        var found = inventory.Resources
            .Select(r => new SweepFinding(r, Reasons(r, since, baseline)))
            .Where(f => f.Reasons.Count > 0)
            .OrderBy(f => f.Resource.Created ?? DateTimeOffset.MaxValue)
            .ThenBy(f => f.Resource.Id, StringComparer.Ordinal)
            .ToList();
        return new SweepReport
        {
            AccountId = inventory.AccountId,
            Since = since,
            ReadAt = inventory.ReadAt,
            BaselineCollectedAt = baseline?.CollectedAt,
            Regions = inventory.Regions,
            Found = found,
            NotSwept = inventory.NotSwept,
            RegionsError = inventory.RegionsError,
            TimeOnlyKinds = baseline is null ? [] : TimeOnly(inventory.Regions, baseline),
            ResourcesRead = inventory.Resources.Count,
            ApiCalls = inventory.ApiCalls,
        };
    }

    public static IReadOnlyList<SweepReason> Reasons(SweepResource resource, DateTimeOffset since,
        SweepBaseline? baseline)
    {
        var reasons = new List<SweepReason>(2);
        if (resource.Created >= since)
        {
            reasons.Add(SweepReason.NewSinceWindow);
        }

        var covered = baseline?.Covers(resource.Kind, resource.Region) == true;
        if (covered && !baseline!.Contains(resource.Kind, resource.Region, resource.Id))
        {
            reasons.Add(SweepReason.NotInBaseline);
        }

        if (resource.Created is null && !covered)
        {
            reasons.Add(SweepReason.UnknownAge);
        }

        return reasons;
    }

    /// <summary>Kinds the baseline does not cover in at least one swept region (or globally, for IAM).</summary>
    private static List<SweepKind> TimeOnly(IReadOnlyList<string> regions, SweepBaseline baseline) =>
    [
        .. SweepKinds.Regional.Where(k => regions.Any(r => !baseline.Covers(k, r))),
        .. SweepKinds.Global.Where(k => !baseline.Covers(k, null)),
    ];
}
