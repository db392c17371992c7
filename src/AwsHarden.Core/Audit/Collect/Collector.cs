using System.Collections.Concurrent;
using AwsHarden.Aws;
using AwsHarden.Aws.Clients;
using AwsHarden.Model;

namespace AwsHarden.Audit.Collect;

/// <summary>
/// Makes every AWS call of an audit, concurrently across services and regions with a bounded pool, and
/// returns one <see cref="AccountSnapshot"/>. A failed call becomes a <see cref="CallError"/> in its slot and
/// in <see cref="AccountSnapshot.Failures"/>; it never stops the rest.
/// </summary>
public sealed partial class Collector(AwsSession session, CollectorOptions options, TimeProvider time)
{
    /// <summary>Every IAM action the collector may call: the source of the tool's least-privilege policy.</summary>
    public static IReadOnlyList<string> RequiredActions { get; } =
    [
        "sts:GetCallerIdentity",
        "ec2:DescribeRegions",
        "ec2:DescribeInstances",
        "iam:GenerateCredentialReport",
        "iam:GetCredentialReport",
        "iam:GetAccountAuthorizationDetails",
        "iam:GetAccountSummary",
        "iam:ListVirtualMFADevices",
        "iam:GetAccountPasswordPolicy",
        "account:GetAlternateContact",
        "ce:GetAnomalyMonitors",
        "ce:GetAnomalySubscriptions",
        "sso:ListInstances",
        "cloudwatch:DescribeAlarmsForMetric",
        "organizations:DescribeOrganization",
        "organizations:ListRoots",
        "organizations:ListParents",
        "organizations:ListPoliciesForTarget",
        "organizations:DescribePolicy",
        "support:DescribeTrustedAdvisorChecks",
        "support:DescribeTrustedAdvisorCheckSummaries",
        "cloudtrail:DescribeTrails",
        "cloudtrail:GetTrailStatus",
        "cloudtrail:GetEventSelectors",
        "cloudtrail:GetInsightSelectors",
        "guardduty:ListDetectors",
        "guardduty:GetDetector",
        "access-analyzer:ListAnalyzers",
    ];

    private readonly ConcurrentQueue<CallError> failures = new();
    private readonly SemaphoreSlim pool = new(Math.Max(1, options.MaxConcurrency));
    private IProgress<CollectProgress>? progress;
    private string? accountId;
    private int done;
    private int total;

    public async Task<AccountSnapshot> CollectAsync(IProgress<CollectProgress>? progress, CancellationToken ct)
    {
        this.progress = progress;
        var identity = await session.GetCallerIdentityAsync(ct).ConfigureAwait(false);
        accountId = identity.Account;
        var (regions, regionsError) = await ResolveRegionsAsync(ct).ConfigureAwait(false);
        Interlocked.Add(ref total, 10 + (regions.Count * 5));

        var iam = CollectIamAsync(ct);
        var trails = CollectTrailsAsync(regions, ct);
        var costAnomaly = Unit("ce", null, "ce:GetAnomalyMonitors", CollectCostAnomalyAsync, ct);
        var identityCenter = CollectIdentityCenterAsync(regions, ct);
        var contacts = Unit("account", null, "account:GetAlternateContact", CollectAlternateContactsAsync, ct);
        var alarms = Unit("cloudwatch", null, "cloudwatch:DescribeAlarmsForMetric",
            c => new CloudWatchClient(session).DescribeBillingAlarmsAsync(c), ct);
        var organization = Unit("organizations", null, "organizations:DescribeOrganization",
            CollectOrganizationAsync, ct);
        var trustedAdvisor = Unit("support", null, "support:DescribeTrustedAdvisorChecks",
            CollectTrustedAdvisorAsync, ct);
        var guardDuty = PerRegion(regions, "guardduty", "guardduty:ListDetectors", CollectDetectorsAsync, ct);
        var analyzers = PerRegion(regions, "access-analyzer", "access-analyzer:ListAnalyzers",
            async (r, c) => (IReadOnlyList<AccessAnalyzer>)await new AccessAnalyzerClient(session)
                .ListAnalyzersAsync(r, c).ConfigureAwait(false), ct);
        var instances = PerRegion(regions, "ec2", "ec2:DescribeInstances",
            (r, c) => new Ec2Client(session).DescribeInstancesAsync(r, c), ct);

        await Task.WhenAll(iam, trails, costAnomaly, identityCenter, contacts, alarms, organization,
            trustedAdvisor, guardDuty, analyzers, instances).ConfigureAwait(false);

        return new AccountSnapshot
        {
            CollectedAt = time.GetUtcNow(),
            AccountId = identity.Account,
            Partition = identity.Partition,
            CallerArn = identity.Arn,
            HomeRegion = session.HomeRegion,
            Regions = regions,
            RegionsError = regionsError,
            Iam = await iam.ConfigureAwait(false),
            Trails = await trails.ConfigureAwait(false),
            CostAnomaly = await costAnomaly.ConfigureAwait(false),
            IdentityCenter = await identityCenter.ConfigureAwait(false),
            AlternateContacts = await contacts.ConfigureAwait(false),
            BillingAlarms = await alarms.ConfigureAwait(false),
            Organization = await organization.ConfigureAwait(false),
            TrustedAdvisor = await trustedAdvisor.ConfigureAwait(false),
            GuardDuty = await guardDuty.ConfigureAwait(false),
            AccessAnalyzers = await analyzers.ConfigureAwait(false),
            Instances = await instances.ConfigureAwait(false),
            Failures = [.. failures],
        };
    }

    /// <summary>The enabled regions, narrowed to <see cref="CollectorOptions.Regions"/> when given.</summary>
    private async Task<(IReadOnlyList<string> Regions, CallError? Error)> ResolveRegionsAsync(CancellationToken ct)
    {
        var enabled = await Guarded("ec2", session.HomeRegion, "ec2:DescribeRegions",
            c => new Ec2Client(session).DescribeRegionsAsync(c), ct).ConfigureAwait(false);
        var requested = options.Regions?.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct().ToList();

        if (!enabled.Ok)
        {
            // Without the list, trust the user's regions, or fall back to the home region alone and say so.
            return requested is { Count: > 0 } ? (requested, null) : ([session.HomeRegion], enabled.Error);
        }

        if (requested is null || requested.Count == 0)
        {
            return (enabled.Value!, null);
        }

        var unknown = requested.Where(r => !enabled.Value!.Contains(r, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new UserErrorException(
                $"Region(s) not enabled for account or unknown: {string.Join(", ", unknown)}.",
                $"use enabled regions: {string.Join(", ", enabled.Value!)}");
        }

        return (requested, null);
    }

    /// <summary>Runs one unit of work in the pool, turning its failure into a recorded <see cref="CallError"/>.
    /// </summary>
    private async Task<Collected<T>> Unit<T>(
        string service, string? region, string action, Func<CancellationToken, Task<T>> work, CancellationToken ct)
        where T : class
    {
        await pool.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await Guarded(service, region, action, work, ct).ConfigureAwait(false);
        }
        finally
        {
            pool.Release();
            progress?.Report(new CollectProgress(service, region, Interlocked.Increment(ref done),
                Volatile.Read(ref total)));
        }
    }

    private async Task<IReadOnlyDictionary<string, Collected<T>>> PerRegion<T>(
        IReadOnlyList<string> regions, string service, string action,
        Func<string, CancellationToken, Task<T>> work, CancellationToken ct)
        where T : class
    {
        var results = await Task.WhenAll(regions.Select(async region =>
            (region, await Unit(service, region, action, c => work(region, c), ct).ConfigureAwait(false))))
            .ConfigureAwait(false);
        return results.ToDictionary(r => r.region, r => r.Item2, StringComparer.Ordinal);
    }

    /// <summary>Runs work outside the pool, with the same failure handling.</summary>
    private async Task<Collected<T>> Guarded<T>(
        string service, string? region, string action, Func<CancellationToken, Task<T>> work, CancellationToken ct)
        where T : class
    {
        try
        {
            return Collected<T>.Of(await work(ct).ConfigureAwait(false));
        }
        catch (Exception ex) when (ToCallError(ex, action, region, ct) is { } error)
        {
            failures.Enqueue(error);
            return Collected<T>.Failed(error);
        }
    }

    /// <summary>The call error for an exception the audit can survive; null for bugs and cancellation.</summary>
    internal static CallError? ToCallError(Exception ex, string action, string? region, CancellationToken ct) =>
        ex switch
        {
            AwsServiceException aws => new CallError(aws.Action, aws.Code, aws.AwsMessage, aws.Region),
            HttpRequestException http => new CallError(action, "NetworkError", http.Message, region),
            OperationCanceledException when !ct.IsCancellationRequested =>
                new CallError(action, "Timeout", "The request timed out.", region),
            IOException io => new CallError(action, "NetworkError", io.Message, region),
            System.Xml.XmlException or System.Text.Json.JsonException or FormatException =>
                new CallError(action, "MalformedResponse", ex.Message, region),
            _ => null,
        };

    /// <summary>Records a failure that is kept inside a value (a trail's status, the SCP list).</summary>
    private CallError? Record(Exception ex, string action, string? region, CancellationToken ct)
    {
        var error = ToCallError(ex, action, region, ct);
        if (error is not null)
        {
            failures.Enqueue(error);
        }

        return error;
    }
}
