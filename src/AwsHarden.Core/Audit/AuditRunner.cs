using AwsHarden.Model;

namespace AwsHarden.Audit;

/// <summary>Runs checks over a snapshot, then applies the config's severity overrides and suppressions.</summary>
public static class AuditRunner
{
    public static AuditResult Run(AccountSnapshot snapshot, AuditConfig config, TimeProvider time) =>
        Run(snapshot, config, time, CheckCatalog.All);

    public static AuditResult Run(
        AccountSnapshot snapshot, AuditConfig config, TimeProvider time, IReadOnlyList<ICheck> checks)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var suppressions = config.Suppressions.Where(s => s.Expires is null || s.Expires >= today).ToList();

        var findings = checks
            .SelectMany(c => WithUnlistedRegions(c, snapshot, RunOne(c, snapshot, config)))
            .Select(f => Override(f, config))
            .Select(f => Suppress(f, suppressions))
            .ToList();

        return new AuditResult(findings, AuditSummary.Of(findings));
    }

    // A check that throws still reports: the bug becomes an Unknown naming it, never a missing line.
    private static IReadOnlyList<Finding> RunOne(ICheck check, AccountSnapshot snapshot, AuditConfig config)
    {
        try
        {
            var findings = check.Evaluate(snapshot, config).ToList();
            return findings.Count > 0
                ? findings
                : [check.Metadata.Unknown(snapshot.AccountId, "The check produced no result.")];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return [check.Metadata.Unknown(snapshot.AccountId, $"The check failed: {e.GetType().Name}: {e.Message}")];
        }
    }

    // Without the region list only the home region was read: a per-region check cannot speak for the rest, so
    // it gets an Unknown for them, and a clean result in one region never reads as "every region".
    private static IReadOnlyList<Finding> WithUnlistedRegions(
        ICheck check, AccountSnapshot snapshot, IReadOnlyList<Finding> findings)
    {
        if (snapshot.RegionsError is not { } error || !findings.Any(f => f.Region is not null))
        {
            return findings;
        }

        var audited = string.Join(", ", snapshot.Regions);
        var unknown = check.Metadata.Unknown("other regions",
            $"{error.Reason}: only {audited} could be audited; name the regions with --regions or allow "
            + "ec2:DescribeRegions.");
        return [.. findings, unknown];
    }

    private static Finding Override(Finding finding, AuditConfig config) =>
        config.SeverityOverrides.TryGetValue(finding.CheckId, out var severity)
            ? finding with { Severity = severity }
            : finding;

    private static Finding Suppress(Finding finding, IReadOnlyList<Suppression> suppressions)
    {
        var match = suppressions.FirstOrDefault(s =>
            string.Equals(s.CheckId, finding.CheckId, StringComparison.OrdinalIgnoreCase)
            && (s.Resource == "*" || string.Equals(s.Resource, finding.Resource, StringComparison.Ordinal)));

        return match is null ? finding : finding with { SuppressedBecause = match.Reason };
    }
}
