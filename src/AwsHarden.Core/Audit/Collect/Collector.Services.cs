using AwsHarden.Aws;
using AwsHarden.Aws.Clients;
using AwsHarden.Model;

namespace AwsHarden.Audit.Collect;

public sealed partial class Collector
{
    private static readonly TimeSpan FirstReportPoll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LongestReportPoll = TimeSpan.FromSeconds(5);

    private async Task<IamData> CollectIamAsync(CancellationToken ct)
    {
        var iam = new IamClient(session);
        var report = Unit("iam", null, "iam:GenerateCredentialReport", CollectCredentialReportAsync, ct);
        var authorization = Unit("iam", null, "iam:GetAccountAuthorizationDetails",
            iam.GetAccountAuthorizationDetailsAsync, ct);
        var summary = Unit("iam", null, "iam:GetAccountSummary", iam.GetAccountSummaryAsync, ct);
        var mfa = Unit("iam", null, "iam:ListVirtualMFADevices", iam.ListVirtualMfaDevicesAsync, ct);
        var password = Unit("iam", null, "iam:GetAccountPasswordPolicy", iam.GetAccountPasswordPolicyAsync, ct);
        await Task.WhenAll(report, authorization, summary, mfa, password).ConfigureAwait(false);

        return new IamData
        {
            CredentialReport = await report.ConfigureAwait(false),
            Authorization = await authorization.ConfigureAwait(false),
            AccountSummary = await summary.ConfigureAwait(false),
            VirtualMfaDevices = await mfa.ConfigureAwait(false),
            PasswordPolicy = await password.ConfigureAwait(false),
        };
    }

    /// <summary>Generate, poll with growing pauses until COMPLETE, then read. A report younger than four hours
    /// is returned COMPLETE at once, so most runs make two calls.</summary>
    private async Task<IReadOnlyList<CredentialReportRow>> CollectCredentialReportAsync(CancellationToken ct)
    {
        var iam = new IamClient(session);
        var delay = FirstReportPoll;
        for (var poll = 0; ; poll++)
        {
            var state = await iam.GenerateCredentialReportAsync(ct).ConfigureAwait(false);
            if (state == "COMPLETE")
            {
                try
                {
                    return await iam.GetCredentialReportAsync(ct).ConfigureAwait(false);
                }
                catch (AwsServiceException ex) when (ex.Code is "ReportInProgress" or "ReportNotPresent"
                    or "ReportExpired" && poll + 1 < options.CredentialReportPolls)
                {
                    // Generated between our calls by someone else, or expired: ask again.
                }
            }

            if (poll + 1 >= options.CredentialReportPolls)
            {
                throw new AwsServiceException("ReportInProgress",
                    $"The credential report was not ready after {options.CredentialReportPolls} polls.",
                    System.Net.HttpStatusCode.NotFound, "iam:GetCredentialReport");
            }

            await Task.Delay(delay, time, ct).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestReportPoll.Ticks));
        }
    }

    /// <summary>DescribeTrails in every region, then status, selectors and insights once per unique trail,
    /// asked in the trail's home region.</summary>
    private async Task<Collected<IReadOnlyList<Trail>>> CollectTrailsAsync(
        IReadOnlyList<string> regions, CancellationToken ct)
    {
        var client = new CloudTrailClient(session);
        var perRegion = await PerRegion(regions, "cloudtrail", "cloudtrail:DescribeTrails",
            client.DescribeTrailsAsync, ct).ConfigureAwait(false);

        var listed = perRegion.Values.Where(c => c.Ok).ToList();
        if (listed.Count == 0)
        {
            return Collected<IReadOnlyList<Trail>>.Failed(perRegion.Values.First().Error!);
        }

        // TODO(aws): Trails has one slot, so a region whose DescribeTrails failed is visible only in Failures.
        var unique = listed.SelectMany(c => c.Value!).DistinctBy(t => t.Arn, StringComparer.Ordinal).ToList();
        Interlocked.Add(ref total, unique.Count);
        var trails = await Task.WhenAll(unique.Select(t => DescribeTrailAsync(client, t, ct))).ConfigureAwait(false);
        return Collected<IReadOnlyList<Trail>>.Of(trails);
    }

    private async Task<Trail> DescribeTrailAsync(CloudTrailClient client, TrailDescription t, CancellationToken ct)
    {
        var detail = await Unit<Trail>("cloudtrail", t.HomeRegion, "cloudtrail:GetTrailStatus", async c =>
        {
            var trail = new Trail
            {
                Name = t.Name,
                Arn = t.Arn,
                HomeRegion = t.HomeRegion,
                IsMultiRegion = t.IsMultiRegion,
                IsOrganizationTrail = t.IsOrganizationTrail,
                LogFileValidationEnabled = t.LogFileValidationEnabled,
                S3BucketName = t.S3BucketName,
            };

            try
            {
                trail = trail with { IsLogging = await client.GetTrailStatusAsync(t.HomeRegion, t.Arn, c) };
            }
            catch (Exception ex) when (Record(ex, "cloudtrail:GetTrailStatus", t.HomeRegion, c) is { } e)
            {
                trail = trail with { StatusError = e };
            }

            try
            {
                var selectors = await client.GetEventSelectorsAsync(t.HomeRegion, t.Arn, c);
                trail = trail with
                {
                    EventSelectors = selectors.EventSelectors,
                    AdvancedEventSelectors = selectors.AdvancedEventSelectors,
                };
            }
            catch (Exception ex) when (Record(ex, "cloudtrail:GetEventSelectors", t.HomeRegion, c) is { } e)
            {
                trail = trail with { SelectorsError = e };
            }

            try
            {
                trail = trail with { InsightTypes = await client.GetInsightSelectorsAsync(t.HomeRegion, t.Arn, c) };
            }
            catch (Exception ex) when (Record(ex, "cloudtrail:GetInsightSelectors", t.HomeRegion, c) is { } e)
            {
                trail = trail with { InsightsError = e };
            }

            return trail;
        }, ct).ConfigureAwait(false);

        // Each call above records its own failure, so Unit only fails on an unforeseen error.
        return detail.Value
            ?? new Trail { Name = t.Name, Arn = t.Arn, HomeRegion = t.HomeRegion, StatusError = detail.Error };
    }

    private async Task<CostAnomalyData> CollectCostAnomalyAsync(CancellationToken ct)
    {
        var ce = new CostExplorerClient(session);
        var monitors = await ce.GetAnomalyMonitorsAsync(ct).ConfigureAwait(false);
        var subscriptions = await ce.GetAnomalySubscriptionsAsync(ct).ConfigureAwait(false);
        return new CostAnomalyData(monitors, subscriptions);
    }

    /// <summary>Identity Center lives in one region, so every audited region is asked; any instance found
    /// answers the question, while failures with nothing found leave it unknown.</summary>
    private async Task<Collected<IdentityCenterData>> CollectIdentityCenterAsync(
        IReadOnlyList<string> regions, CancellationToken ct)
    {
        var sso = new SsoAdminClient(session);
        var perRegion = await PerRegion(regions, "sso", "sso:ListInstances",
            async (r, c) => (IReadOnlyList<string>)await sso.ListInstancesAsync(r, c).ConfigureAwait(false), ct)
            .ConfigureAwait(false);

        var arns = perRegion.Values.Where(c => c.Ok).SelectMany(c => c.Value!).Distinct().ToList();
        var firstError = perRegion.Values.FirstOrDefault(c => !c.Ok)?.Error;
        return arns.Count == 0 && firstError is not null
            ? Collected<IdentityCenterData>.Failed(firstError)
            : Collected<IdentityCenterData>.Of(new IdentityCenterData(arns));
    }

    private async Task<IReadOnlyList<AlternateContact>> CollectAlternateContactsAsync(CancellationToken ct)
    {
        var account = new AccountClient(session);
        return await Task.WhenAll(AccountClient.ContactTypes.Select(type =>
            account.GetAlternateContactAsync(type, ct))).ConfigureAwait(false);
    }

    private async Task<TrustedAdvisorData> CollectTrustedAdvisorAsync(CancellationToken ct)
    {
        var support = new SupportClient(session);
        try
        {
            var checks = await support.DescribeTrustedAdvisorChecksAsync(ct).ConfigureAwait(false);
            var summaries = await support.DescribeTrustedAdvisorCheckSummariesAsync(checks, ct).ConfigureAwait(false);
            return new TrustedAdvisorData { Available = true, Checks = summaries };
        }
        catch (AwsServiceException ex) when (ex.Code == "SubscriptionRequiredException")
        {
            return new TrustedAdvisorData { Available = false };
        }
    }

    private async Task<IReadOnlyList<GuardDutyDetector>> CollectDetectorsAsync(string region, CancellationToken ct)
    {
        var guardDuty = new GuardDutyClient(session);
        var ids = await guardDuty.ListDetectorsAsync(region, ct).ConfigureAwait(false);
        var detectors = new List<GuardDutyDetector>(ids.Count);
        foreach (var id in ids)
        {
            detectors.Add(await guardDuty.GetDetectorAsync(region, id, ct).ConfigureAwait(false));
        }

        return detectors;
    }
}
