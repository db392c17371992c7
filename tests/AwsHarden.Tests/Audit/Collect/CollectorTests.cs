using System.Net;
using System.Text;
using AwsHarden.Audit.Collect;
using AwsHarden.Model;
using AwsHarden.Tests.Aws;
using Microsoft.Extensions.Time.Testing;

namespace AwsHarden.Tests.Audit.Collect;

public sealed class CollectorTests
{
    private const string Account = "123456789012";
    private const string IamNs = "xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"";
    private const string TrailArn = "arn:aws:cloudtrail:us-east-1:123456789012:trail/main";

    /// <summary>A small healthy account: two regions, one multi-region trail, one detector.</summary>
    private static StubAwsHandler HealthyAccount()
    {
        var report = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            "user,arn,mfa_active\n<root_account>,arn:aws:iam::123456789012:root,true"));
        return new StubAwsHandler()
            .OnXml("sts:GetCallerIdentity",
                "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">" +
                "<GetCallerIdentityResult>" +
                $"<Arn>arn:aws:iam::{Account}:user/auditor</Arn><UserId>AIDAEXAMPLE</UserId>" +
                $"<Account>{Account}</Account>" +
                "</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>" +
                "</GetCallerIdentityResponse>")
            .OnXml("ec2:DescribeRegions",
                "<DescribeRegionsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r</requestId>" +
                "<regionInfo><item><regionName>us-east-1</regionName>" +
                "<regionEndpoint>ec2.us-east-1.amazonaws.com</regionEndpoint>" +
                "<optInStatus>opt-in-not-required</optInStatus></item>" +
                "<item><regionName>eu-west-1</regionName>" +
                "<regionEndpoint>ec2.eu-west-1.amazonaws.com</regionEndpoint>" +
                "<optInStatus>opt-in-not-required</optInStatus></item></regionInfo>" +
                "</DescribeRegionsResponse>")
            .OnXml("ec2:DescribeInstances",
                "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">" +
                "<requestId>r</requestId>" +
                "<reservationSet/></DescribeInstancesResponse>")
            .OnXml("iam:GenerateCredentialReport",
                $"<GenerateCredentialReportResponse {IamNs}><GenerateCredentialReportResult><State>COMPLETE</State>" +
                "</GenerateCredentialReportResult></GenerateCredentialReportResponse>")
            .OnXml("iam:GetCredentialReport",
                $"<GetCredentialReportResponse {IamNs}><GetCredentialReportResult><Content>{report}</Content>" +
                "</GetCredentialReportResult></GetCredentialReportResponse>")
            .OnXml("iam:GetAccountAuthorizationDetails",
                $"<GetAccountAuthorizationDetailsResponse {IamNs}><GetAccountAuthorizationDetailsResult>" +
                "<IsTruncated>false</IsTruncated></GetAccountAuthorizationDetailsResult>" +
                "</GetAccountAuthorizationDetailsResponse>")
            .OnXml("iam:GetAccountSummary",
                $"<GetAccountSummaryResponse {IamNs}><GetAccountSummaryResult><SummaryMap><entry><key>" +
                "AccountMFAEnabled</key><value>1</value></entry></SummaryMap></GetAccountSummaryResult>" +
                "</GetAccountSummaryResponse>")
            .OnXml("iam:ListVirtualMFADevices",
                $"<ListVirtualMFADevicesResponse {IamNs}><ListVirtualMFADevicesResult><IsTruncated>false" +
                "</IsTruncated><VirtualMFADevices/></ListVirtualMFADevicesResult></ListVirtualMFADevicesResponse>")
            .On("iam:GetAccountPasswordPolicy",
                _ => StubAwsHandler.QueryError(HttpStatusCode.Forbidden, "AccessDenied", "not allowed"))
            .On("account:GetAlternateContact", r => r.Body.Contains("SECURITY", StringComparison.Ordinal)
                ? StubAwsHandler.Json(HttpStatusCode.OK,
                    "{\"AlternateContact\":{\"AlternateContactType\":\"SECURITY\",\"Name\":\"Sec\"," +
                    "\"EmailAddress\":\"s@example.com\"}}")
                : StubAwsHandler.JsonError(HttpStatusCode.NotFound, "ResourceNotFoundException", "none"))
            .OnJson("ce:GetAnomalyMonitors", """{"AnomalyMonitors":[{"MonitorArn":"arn:m","MonitorName":"m"}]}""")
            .OnJson("ce:GetAnomalySubscriptions", """{"AnomalySubscriptions":[]}""")
            .On("sso:ListInstances", r => r.SigningRegion == "eu-west-1"
                ? StubAwsHandler.Json(HttpStatusCode.OK,
                    """{"Instances":[{"InstanceArn":"arn:aws:sso:::instance/i1"}]}""")
                : StubAwsHandler.Json(HttpStatusCode.OK, """{"Instances":[]}"""))
            .OnXml("cloudwatch:DescribeAlarmsForMetric",
                "<DescribeAlarmsForMetricResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">" +
                "<DescribeAlarmsForMetricResult><MetricAlarms/></DescribeAlarmsForMetricResult>" +
                "</DescribeAlarmsForMetricResponse>")
            .On("organizations:DescribeOrganization", _ => StubAwsHandler.JsonError(HttpStatusCode.BadRequest,
                "AWSOrganizationsNotInUseException", "not in use"))
            .On("support:DescribeTrustedAdvisorChecks", _ => StubAwsHandler.JsonError(HttpStatusCode.BadRequest,
                "SubscriptionRequiredException", "needs Business"))
            .OnJson("cloudtrail:DescribeTrails",
                $"{{\"trailList\":[{{\"Name\":\"main\",\"TrailARN\":\"{TrailArn}\",\"HomeRegion\":\"us-east-1\"," +
                "\"IsMultiRegionTrail\":true,\"LogFileValidationEnabled\":true}]}")
            .OnJson("cloudtrail:GetTrailStatus", """{"IsLogging":true}""")
            .OnJson("cloudtrail:GetEventSelectors",
                """{"EventSelectors":[{"ReadWriteType":"All","IncludeManagementEvents":true}]}""")
            .On("cloudtrail:GetInsightSelectors", _ => StubAwsHandler.JsonError(HttpStatusCode.BadRequest,
                "InsightNotEnabledException", "off"))
            .OnJson("guardduty:ListDetectors", """{"detectorIds":["d1"]}""")
            .OnJson("guardduty:GetDetector", """{"status":"ENABLED"}""")
            .OnJson("access-analyzer:ListAnalyzers", """{"analyzers":[]}""");
    }

    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task CollectAsync_HealthyAccount_FillsEverySlot()
    {
        var stub = HealthyAccount();
        using var session = TestSessions.Create(stub);

        var snapshot = await new Collector(session, new CollectorOptions(), new FakeTimeProvider(Now))
            .CollectAsync(null, CancellationToken.None);

        Assert.Equal(Account, snapshot.AccountId);
        Assert.Equal(Now, snapshot.CollectedAt);
        Assert.Equal(["eu-west-1", "us-east-1"], snapshot.Regions);
        Assert.True(Assert.Single(snapshot.Iam.CredentialReport.Value!).MfaActive);
        var trail = Assert.Single(snapshot.Trails.Value!);
        Assert.True(trail.IsLogging);
        Assert.Empty(trail.InsightTypes);
        Assert.Null(trail.InsightsError);
        Assert.Equal("ENABLED", snapshot.GuardDuty["eu-west-1"].Value!.Single().Status);
        Assert.False(snapshot.Organization.Value!.InOrganization);
        Assert.False(snapshot.TrustedAdvisor.Value!.Available);
        Assert.Equal(["arn:aws:sso:::instance/i1"], snapshot.IdentityCenter.Value!.InstanceArns);
        var contacts = snapshot.AlternateContacts.Value!;
        Assert.True(contacts.Single(c => c.Type == "SECURITY").IsSet);
        Assert.False(contacts.Single(c => c.Type == "BILLING").IsSet);
    }

    [Fact]
    public async Task CollectAsync_PasswordPolicyDenied_RecordsCallErrorInSlotAndFailures()
    {
        using var session = TestSessions.Create(HealthyAccount());

        var snapshot = await new Collector(session, new CollectorOptions(), TimeProvider.System)
            .CollectAsync(null, CancellationToken.None);

        var error = snapshot.Iam.PasswordPolicy.Error;
        Assert.NotNull(error);
        Assert.Equal("AccessDenied on iam:GetAccountPasswordPolicy", error.Reason);
        Assert.Contains(snapshot.Failures, f => f.Action == "iam:GetAccountPasswordPolicy");
        Assert.True(snapshot.Iam.AccountSummary.Ok);
    }

    [Fact]
    public async Task CollectAsync_OneRegionFails_OtherRegionCollected()
    {
        var stub = HealthyAccount().On("guardduty:ListDetectors", r => r.SigningRegion == "eu-west-1"
            ? StubAwsHandler.JsonError(HttpStatusCode.Forbidden, "AccessDeniedException", "SCP denies eu-west-1")
            : StubAwsHandler.Json(HttpStatusCode.OK, """{"detectorIds":[]}"""));
        using var session = TestSessions.Create(stub);

        var snapshot = await new Collector(session, new CollectorOptions(), TimeProvider.System)
            .CollectAsync(null, CancellationToken.None);

        Assert.Equal("AccessDeniedException on guardduty:ListDetectors in eu-west-1",
            snapshot.GuardDuty["eu-west-1"].Error!.Reason);
        Assert.True(snapshot.GuardDuty["us-east-1"].Ok);
        Assert.Empty(snapshot.GuardDuty["us-east-1"].Value!);
    }

    [Fact]
    public async Task CollectAsync_TrailSeenInEveryRegion_DescribedOnceInHomeRegion()
    {
        var stub = HealthyAccount();
        using var session = TestSessions.Create(stub);

        await new Collector(session, new CollectorOptions(), TimeProvider.System)
            .CollectAsync(null, CancellationToken.None);

        var status = Assert.Single(stub.Requests, r => r.Action == "cloudtrail:GetTrailStatus");
        Assert.Equal("us-east-1", status.SigningRegion);
        Assert.Equal(2, stub.Requests.Count(r => r.Action == "cloudtrail:DescribeTrails"));
    }

    [Fact]
    public async Task CollectAsync_EveryCallMade_IsInRequiredActions()
    {
        var stub = HealthyAccount();
        using var session = TestSessions.Create(stub);

        await new Collector(session, new CollectorOptions(), TimeProvider.System)
            .CollectAsync(null, CancellationToken.None);

        var made = session.CallLog.Calls.Select(c => c.Action).Distinct().ToList();
        Assert.All(made, action => Assert.Contains(action, Collector.RequiredActions));
        Assert.Contains("ec2:DescribeInstances", made);
        Assert.Contains("sts:GetCallerIdentity", made);
    }

    [Fact]
    public async Task CollectAsync_TwoRegions_StaysWithinCallBudget()
    {
        using var session = TestSessions.Create(HealthyAccount());

        await new Collector(session, new CollectorOptions(), TimeProvider.System)
            .CollectAsync(null, CancellationToken.None);

        // 16 account-wide calls (STS, regions, 6 IAM, 3 contacts, 2 CE, CloudWatch, Organizations, Support),
        // 5 per region, 1 GetDetector per detector (2) and 3 per unique trail (1): IAM never costs one per user.
        Assert.Equal(16 + (5 * 2) + 2 + 3, session.CallCount);
    }

    [Fact]
    public async Task CollectAsync_NarrowedRegions_CallsOnlyThose()
    {
        var stub = HealthyAccount();
        using var session = TestSessions.Create(stub);

        var snapshot = await new Collector(session, new CollectorOptions { Regions = ["eu-west-1"] },
            TimeProvider.System).CollectAsync(null, CancellationToken.None);

        Assert.Equal(["eu-west-1"], snapshot.Regions);
        Assert.Equal(["eu-west-1"], snapshot.Instances.Keys);
        Assert.DoesNotContain(stub.Requests,
            r => r.Action == "guardduty:ListDetectors" && r.SigningRegion != "eu-west-1");
    }

    [Fact]
    public async Task CollectAsync_RegionNotEnabled_ThrowsUserError()
    {
        using var session = TestSessions.Create(HealthyAccount());
        var collector = new Collector(session, new CollectorOptions { Regions = ["ap-south-2"] }, TimeProvider.System);

        var error = await Assert.ThrowsAsync<UserErrorException>(
            () => collector.CollectAsync(null, CancellationToken.None));

        Assert.Contains("ap-south-2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CollectAsync_ReportInProgress_PollsWithTimeProviderUntilComplete()
    {
        var generateCalls = 0;
        var stub = HealthyAccount().On("iam:GenerateCredentialReport", _ => StubAwsHandler.Xml(HttpStatusCode.OK,
            $"<GenerateCredentialReportResponse {IamNs}><GenerateCredentialReportResult><State>" +
            (Interlocked.Increment(ref generateCalls) < 3 ? "STARTED" : "COMPLETE") +
            "</State></GenerateCredentialReportResult></GenerateCredentialReportResponse>"));
        using var session = TestSessions.Create(stub);
        var time = new FakeTimeProvider(Now);
        var collect = new Collector(session, new CollectorOptions(), time).CollectAsync(null, CancellationToken.None);

        while (!collect.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        var snapshot = await collect;
        Assert.True(snapshot.Iam.CredentialReport.Ok);
        Assert.Equal(3, generateCalls);
    }

    [Fact]
    public async Task CollectAsync_Progress_ReportsEveryUnitAndReachesTotal()
    {
        using var session = TestSessions.Create(HealthyAccount());
        var reports = new List<CollectProgress>();
        var progress = new SynchronousProgress(p => { lock (reports) { reports.Add(p); } });

        await new Collector(session, new CollectorOptions { MaxConcurrency = 2 }, TimeProvider.System)
            .CollectAsync(progress, CancellationToken.None);

        Assert.NotEmpty(reports);
        Assert.Equal(reports.Count, reports.Max(r => r.Done));
        Assert.Equal(reports.Max(r => r.Total), reports.Max(r => r.Done));
    }

    private sealed class SynchronousProgress(Action<CollectProgress> report) : IProgress<CollectProgress>
    {
        public void Report(CollectProgress value) => report(value);
    }
}
