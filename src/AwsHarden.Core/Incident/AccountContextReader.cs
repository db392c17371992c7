using System.Net.Http;
using AwsHarden.Aws;
using AwsHarden.Aws.Clients;
using AwsHarden.Model;

namespace AwsHarden.Incident;

/// <summary>The account reads behind <see cref="AccountContextReader"/>; tests answer them from memory.</summary>
public interface IAccountContextSource
{
    Task<List<DailyCost>> DailyCostAsync(DateOnly start, DateOnly end, CancellationToken ct);
    Task<AlternateContact> AlternateContactAsync(string type, CancellationToken ct);
    Task<IReadOnlyList<string>> RegionsAsync(CancellationToken ct);
    Task<List<AccessAnalyzer>> AnalyzersAsync(string region, CancellationToken ct);
    Task<List<AccessFinding>> ActiveFindingsAsync(string region, string analyzerArn, CancellationToken ct);
}

/// <summary>The account context through the signed-request clients of a session.</summary>
/// <param name="regions">The regions to ask Access Analyzer in; null: every enabled region.</param>
public sealed class AwsAccountContextSource(AwsSession session, IReadOnlyList<string>? regions)
    : IAccountContextSource
{
    public Task<List<DailyCost>> DailyCostAsync(DateOnly start, DateOnly end, CancellationToken ct) =>
        new CostExplorerClient(session).GetDailyCostByServiceAndRegionAsync(start, end, ct);

    public Task<AlternateContact> AlternateContactAsync(string type, CancellationToken ct) =>
        new AccountClient(session).GetAlternateContactAsync(type, ct);

    public async Task<IReadOnlyList<string>> RegionsAsync(CancellationToken ct) =>
        regions ?? await new Ec2Client(session).DescribeRegionsAsync(ct).ConfigureAwait(false);

    public Task<List<AccessAnalyzer>> AnalyzersAsync(string region, CancellationToken ct) =>
        new AccessAnalyzerClient(session).ListAnalyzersAsync(region, ct);

    public Task<List<AccessFinding>> ActiveFindingsAsync(string region, string analyzerArn, CancellationToken ct) =>
        new AccessAnalyzerClient(session).ListActiveFindingsAsync(region, analyzerArn, ct);
}

/// <summary>
/// Reads the account context of an investigation. Each part stands alone: a part that is denied or fails says
/// "not read" and why, and the others are still read; nothing here fails the investigation.
/// </summary>
public sealed class AccountContextReader(IAccountContextSource source)
{
    /// <summary>The IAM actions the reads need, for the tool's own policy.</summary>
    public static IReadOnlyList<string> RequiredActions { get; } =
    [
        "ce:GetCostAndUsage", "account:GetAlternateContact", "ec2:DescribeRegions",
        "access-analyzer:ListAnalyzers", "access-analyzer:ListFindings",
    ];

    private static readonly string[] ContactWrites = ["PutAlternateContact", "DeleteAlternateContact"];

    private const int RegionsAtOnce = 4;

    public async Task<AccountContext> ReadAsync(DateTimeOffset since, DateTimeOffset until,
        IReadOnlyList<TimelineEntry> timeline, CancellationToken ct)
    {
        var cost = Part(() => CostAsync(since, until, ct), "ce:GetCostAndUsage");
        var contacts = Part(() => ContactsAsync(timeline, ct), "account:GetAlternateContact");
        var access = PartWithNotes(() => ExternalAccessAsync(since, until, ct), "access-analyzer:ListFindings");
        await Task.WhenAll(cost, contacts, access).ConfigureAwait(false);
        return new AccountContext { Cost = await cost, Contacts = await contacts, ExternalAccess = await access };
    }

    private async Task<CostComparison> CostAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken ct)
    {
        var (baseline, start, end) = CostComparer.Period(since, until);
        var costs = await source.DailyCostAsync(baseline, end, ct).ConfigureAwait(false);
        return CostComparer.Compare(costs, baseline, start, end);
    }

    private async Task<IReadOnlyList<ContactState>> ContactsAsync(IReadOnlyList<TimelineEntry> timeline,
        CancellationToken ct)
    {
        // CloudTrail hides the contact's fields, so a write by the lineage is flagged on every contact.
        var write = timeline.LastOrDefault(t => t.ErrorCode is null && ContactWrites.Contains(t.EventName));
        var changedBy = write is null ? null : $"{write.EventName} by {write.Credential} at {write.Time:u}";
        var states = new List<ContactState>();
        foreach (var type in AccountClient.ContactTypes)
        {
            var c = await source.AlternateContactAsync(type, ct).ConfigureAwait(false);
            states.Add(new ContactState(type, c.IsSet, c.Name, c.EmailAddress, changedBy));
        }
        return states;
    }

    private async Task<(IReadOnlyList<ExternalAccess>, IReadOnlyList<string>)> ExternalAccessAsync(
        DateTimeOffset since, DateTimeOffset until, CancellationToken ct)
    {
        var regions = await source.RegionsAsync(ct).ConfigureAwait(false);
        var found = new List<ExternalAccess>();
        var without = new List<string>();
        using var gate = new SemaphoreSlim(RegionsAtOnce);
        await Task.WhenAll(regions.Select(async region =>
        {
            await gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var (findings, hasAnalyzer) = await RegionAsync(region, since, until, ct).ConfigureAwait(false);
                lock (found)
                {
                    found.AddRange(findings);
                    if (!hasAnalyzer) without.Add(region);
                }
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);

        IReadOnlyList<string> notes = without.Count == 0 ? []
            : [$"no active external-access analyzer in {without.Count} of {regions.Count} regions: "
                + string.Join(", ", without.Order(StringComparer.Ordinal))];
        return ([.. found.OrderByDescending(f => f.Finding.CreatedAt).ThenBy(f => f.Region, StringComparer.Ordinal)],
            notes);
    }

    private async Task<(List<ExternalAccess>, bool)> RegionAsync(string region, DateTimeOffset since,
        DateTimeOffset until, CancellationToken ct)
    {
        // Unused-access analyzers have no external-access findings.
        var analyzers = (await source.AnalyzersAsync(region, ct).ConfigureAwait(false))
            .Where(a => a.Status == "ACTIVE" && a.Type is "ACCOUNT" or "ORGANIZATION").ToList();
        var found = new List<ExternalAccess>();
        foreach (var analyzer in analyzers)
        {
            var findings = await source.ActiveFindingsAsync(region, analyzer.Arn, ct).ConfigureAwait(false);
            found.AddRange(findings.Select(f => new ExternalAccess(region, f,
                f.CreatedAt is { } at && at >= since && at <= until)));
        }
        return (found, analyzers.Count > 0);
    }

    private static async Task<ContextPart<T>> Part<T>(Func<Task<T>> read, string action) where T : class =>
        await PartWithNotes(async () => (await read().ConfigureAwait(false), (IReadOnlyList<string>)[]), action)
            .ConfigureAwait(false);

    private static async Task<ContextPart<T>> PartWithNotes<T>(Func<Task<(T, IReadOnlyList<string>)>> read,
        string action) where T : class
    {
        try
        {
            var (value, notes) = await read().ConfigureAwait(false);
            return ContextPart<T>.Read(value, notes);
        }
        catch (AwsServiceException ex) when (ex.IsAccessDenied)
        {
            return ContextPart<T>.Skipped($"not read: needs {DeniedAction(ex, action)}");
        }
        catch (AwsServiceException ex)
        {
            return ContextPart<T>.Skipped($"not read: {ex.Code} on {ex.Action}");
        }
        catch (HttpRequestException ex)
        {
            // The message names the endpoint and, for one that never answered, how long it was given.
            return ContextPart<T>.Skipped($"not read: {action} could not be reached ({ex.Message.TrimEnd('.')})");
        }
    }

    /// <summary>The action AWS refused when the exception names one, else the part's main action.</summary>
    private static string DeniedAction(AwsServiceException ex, string fallback) =>
        ex.Action.Contains(':', StringComparison.Ordinal) ? ex.Action : fallback;
}
