using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using AwsHarden.FakeAws;
using static AwsHarden.Tests.FakeAws.FakeAwsServerTests;

namespace AwsHarden.Tests.FakeAws.Services;

/// <summary>The JSON and REST-JSON services and CloudWatch, read the way the collector reads them.</summary>
public class RegionalServicesTests
{
    private const string Trail = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.";

    [Fact]
    public async Task DescribeTrails_OtherRegion_ShowsMultiRegionTrailAsShadow()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var client = new SignedClient(server);

        using var withShadow = await Json(client.JsonAsync("cloudtrail", "eu-west-1", Trail + "DescribeTrails", "{}"));
        using var ownOnly = await Json(client.JsonAsync("cloudtrail", "eu-west-1", Trail + "DescribeTrails",
            """{"includeShadowTrails":false}"""));

        var shadow = Assert.Single(withShadow.RootElement.GetProperty("trailList").EnumerateArray());
        Assert.Equal(("us-east-1", true), (shadow.GetProperty("HomeRegion").GetString(),
            shadow.GetProperty("IsMultiRegionTrail").GetBoolean()));
        Assert.Empty(ownOnly.RootElement.GetProperty("trailList").EnumerateArray());
    }

    [Fact]
    public async Task GetTrailStatus_ShadowTrailByNameOrArn_OnlyArnResolves()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var client = new SignedClient(server);
        var arn = "arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events";

        using var byName = await client.JsonAsync("cloudtrail", "eu-west-1", Trail + "GetTrailStatus",
            """{"Name":"management-events"}""");
        using var byArn = await Json(client.JsonAsync("cloudtrail", "eu-west-1", Trail + "GetTrailStatus",
            $$"""{"Name":"{{arn}}"}"""));

        Assert.Equal("TrailNotFoundException", await JsonErrorType(byName));
        Assert.True(byArn.RootElement.GetProperty("IsLogging").GetBoolean());
    }

    [Fact]
    public async Task EventAndInsightSelectors_Healthy_AdvancedWriteOnlyAndBothInsights()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var client = new SignedClient(server);
        const string body = """{"TrailName":"management-events"}""";

        using var selectors = await Json(client.JsonAsync("cloudtrail", "us-east-1", Trail + "GetEventSelectors",
            body));
        using var insights = await Json(client.JsonAsync("cloudtrail", "us-east-1", Trail + "GetInsightSelectors",
            body));

        var fields = selectors.RootElement.GetProperty("AdvancedEventSelectors")[0].GetProperty("FieldSelectors");
        Assert.Contains(fields.EnumerateArray(), f => f.GetProperty("Field").GetString() == "readOnly"
            && f.GetProperty("Equals")[0].GetString() == "false");
        Assert.Equal(["ApiCallRateInsight", "ApiErrorRateInsight"], insights.RootElement
            .GetProperty("InsightSelectors").EnumerateArray().Select(i => i.GetProperty("InsightType").GetString()));
    }

    [Fact]
    public async Task PutInsightSelectors_ThenGet_EnablesInsights()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        using var client = new SignedClient(server);
        const string name = """{"TrailName":"legacy-trail"}""";

        using var before = await client.JsonAsync("cloudtrail", "us-east-1", Trail + "GetInsightSelectors", name);
        using var wrongRegion = await client.JsonAsync("cloudtrail", "eu-west-1", Trail + "PutInsightSelectors",
            """{"TrailName":"arn:aws:cloudtrail:us-east-1:123456789012:trail/legacy-trail","InsightSelectors":[]}""");
        using var put = await client.JsonAsync("cloudtrail", "us-east-1", Trail + "PutInsightSelectors",
            """{"TrailName":"legacy-trail","InsightSelectors":[{"InsightType":"ApiCallRateInsight"}]}""");
        using var after = await Json(client.JsonAsync("cloudtrail", "us-east-1", Trail + "GetInsightSelectors", name));

        Assert.Equal("InsightNotEnabledException", await JsonErrorType(before));
        Assert.Equal("TrailNotFoundException", await JsonErrorType(wrongRegion));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("ApiCallRateInsight", after.RootElement.GetProperty("InsightSelectors")[0]
            .GetProperty("InsightType").GetString());
    }

    [Fact]
    public async Task Organizations_Standalone_AnswersNotInUse()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        using var client = new SignedClient(server);

        using var response = await client.JsonAsync("organizations", "us-east-1",
            "AWSOrganizationsV20161128.DescribeOrganization", "{}");

        Assert.Equal("AWSOrganizationsNotInUseException", await JsonErrorType(response));
    }

    [Fact]
    public async Task Organizations_Healthy_ScpsAttachedToAccountAndRoot()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var client = new SignedClient(server);
        const string prefix = "AWSOrganizationsV20161128.";

        using var roots = await Json(client.JsonAsync("organizations", "us-east-1", prefix + "ListRoots", "{}"));
        using var parents = await Json(client.JsonAsync("organizations", "us-east-1", prefix + "ListParents",
            """{"ChildId":"123456789012"}"""));
        using var onAccount = await Json(client.JsonAsync("organizations", "us-east-1", prefix +
            "ListPoliciesForTarget", """{"TargetId":"123456789012","Filter":"SERVICE_CONTROL_POLICY"}"""));
        using var policy = await Json(client.JsonAsync("organizations", "us-east-1", prefix + "DescribePolicy",
            """{"PolicyId":"p-itypes001"}"""));

        var root = roots.RootElement.GetProperty("Roots")[0];
        Assert.Equal("ENABLED", root.GetProperty("PolicyTypes")[0].GetProperty("Status").GetString());
        Assert.Equal(root.GetProperty("Id").GetString(), parents.RootElement.GetProperty("Parents")[0]
            .GetProperty("Id").GetString());
        Assert.Equal(["FullAWSAccess", "deny-unapproved-instance-types"], onAccount.RootElement
            .GetProperty("Policies").EnumerateArray().Select(p => p.GetProperty("Name").GetString()));
        Assert.Contains("ec2:InstanceType", policy.RootElement.GetProperty("Policy").GetProperty("Content")
            .GetString());
    }

    [Fact]
    public async Task TrustedAdvisor_WithoutBusinessSupport_AnswersSubscriptionRequired()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        using var client = new SignedClient(server);

        using var response = await client.JsonAsync("support", "us-east-1",
            "AWSSupport_20130415.DescribeTrustedAdvisorChecks", """{"language":"en"}""");

        Assert.Equal("SubscriptionRequiredException", await JsonErrorType(response));
    }

    [Fact]
    public async Task TrustedAdvisor_Healthy_SummariesAllOk()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var client = new SignedClient(server);

        using var checks = await Json(client.JsonAsync("support", "us-east-1",
            "AWSSupport_20130415.DescribeTrustedAdvisorChecks", """{"language":"en"}"""));
        var ids = checks.RootElement.GetProperty("checks").EnumerateArray()
            .Select(c => c.GetProperty("id").GetString()).ToList();
        using var summaries = await Json(client.JsonAsync("support", "us-east-1",
            "AWSSupport_20130415.DescribeTrustedAdvisorCheckSummaries",
            JsonSerializer.Serialize(new { checkIds = ids })));

        var statuses = summaries.RootElement.GetProperty("summaries").EnumerateArray()
            .Select(s => s.GetProperty("status").GetString()).ToList();
        Assert.Equal(ids.Count, statuses.Count);
        Assert.All(statuses, s => Assert.Equal("ok", s));
    }

    [Fact]
    public async Task GuardDuty_ListThenGet_DetectorEnabledInRegion()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var client = new SignedClient(server);

        using var list = await Json(client.RestAsync("guardduty", "sa-east-1", HttpMethod.Get, "/detector"));
        var id = list.RootElement.GetProperty("detectorIds")[0].GetString();
        using var detector = await Json(client.RestAsync("guardduty", "sa-east-1", HttpMethod.Get, $"/detector/{id}"));
        using var otherRegion = await client.RestAsync("guardduty", "us-west-2", HttpMethod.Get, $"/detector/{id}");

        Assert.Equal("ENABLED", detector.RootElement.GetProperty("status").GetString());
        Assert.Equal("BadRequestException", otherRegion.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task GuardDuty_CreateDetector_ThenListed()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        using var client = new SignedClient(server);

        using var created = await Json(client.RestAsync("guardduty", "eu-west-1", HttpMethod.Post, "/detector",
            """{"enable":true}"""));
        using var list = await Json(client.RestAsync("guardduty", "eu-west-1", HttpMethod.Get, "/detector"));

        Assert.Equal(created.RootElement.GetProperty("detectorId").GetString(),
            list.RootElement.GetProperty("detectorIds")[0].GetString());
    }

    [Fact]
    public async Task AccessAnalyzer_CreateTwice_SecondAnswersConflict()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        using var client = new SignedClient(server);
        const string body = """{"analyzerName":"account","type":"ACCOUNT"}""";

        using var first = await client.RestAsync("access-analyzer", "us-east-1", HttpMethod.Put, "/analyzer", body);
        using var second = await client.RestAsync("access-analyzer", "us-east-1", HttpMethod.Put, "/analyzer", body);
        using var list = await Json(client.RestAsync("access-analyzer", "us-east-1", HttpMethod.Get,
            "/analyzer?type=ACCOUNT"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("ACTIVE", list.RootElement.GetProperty("analyzers")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task GetAlternateContact_Unset_AnswersResourceNotFound()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        using var client = new SignedClient(server);

        using var billing = await Json(client.RestAsync("account", "us-east-1", HttpMethod.Post,
            "/getAlternateContact", """{"AlternateContactType":"BILLING"}"""));
        using var security = await client.RestAsync("account", "us-east-1", HttpMethod.Post, "/getAlternateContact",
            """{"AlternateContactType":"SECURITY"}""");

        Assert.Equal("billing@example.com", billing.RootElement.GetProperty("AlternateContact")
            .GetProperty("EmailAddress").GetString());
        Assert.Equal((HttpStatusCode.NotFound, "ResourceNotFoundException"),
            (security.StatusCode, security.Headers.GetValues("x-amzn-ErrorType").Single()));
    }

    [Fact]
    public async Task DescribeAlarmsForMetric_Healthy_BillingAlarmWithSnsAction()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var client = new SignedClient(server);

        var result = await client.QueryXmlAsync("monitoring", "us-east-1", "DescribeAlarmsForMetric", "2010-08-01",
            ("MetricName", "EstimatedCharges"), ("Namespace", "AWS/Billing"));

        Assert.Equal("http://monitoring.amazonaws.com/doc/2010-08-01/", result.Name.NamespaceName);
        Assert.StartsWith("arn:aws:sns:us-east-1:", Value(Element(result, "AlarmActions"), "member"));
        Assert.Equal("true", Value(result, "ActionsEnabled"));
    }

    [Fact]
    public async Task DescribeAlarmsForMetric_Json10Protocol_AnswersJsonWithTypedValues()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var client = new SignedClient(server);

        using var result = await Json(client.JsonAsync("monitoring", "us-east-1",
            "GraniteServiceVersion20100801.DescribeAlarmsForMetric",
            JsonSerializer.Serialize(new
            {
                MetricName = "EstimatedCharges",
                Namespace = "AWS/Billing",
                Dimensions = new[] { new { Name = "Currency", Value = "USD" } },
            }), jsonVersion: "1.0"));

        var alarm = Assert.Single(result.RootElement.GetProperty("MetricAlarms").EnumerateArray());
        Assert.Equal(("billing-over-100-usd", 100.0), (alarm.GetProperty("AlarmName").GetString(),
            alarm.GetProperty("Threshold").GetDouble()));
        Assert.True(alarm.GetProperty("ActionsEnabled").GetBoolean());
    }

    [Fact]
    public async Task CloudWatchJson_Denied_KeepsQueryErrorCodeInHeader()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        server.Faults.Deny("cloudwatch:DescribeAlarms");
        using var client = new SignedClient(server);

        using var response = await client.JsonAsync("monitoring", "us-east-1",
            "GraniteServiceVersion20100801.DescribeAlarms", "{}", jsonVersion: "1.0");

        Assert.Equal("AccessDenied", await JsonErrorType(response));
        Assert.Equal("AccessDenied;Sender", response.Headers.GetValues("x-amzn-query-error").Single());
    }

    [Fact]
    public async Task CostAnomalyAndIdentityCenter_Healthy_Present()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var client = new SignedClient(server);

        using var monitors = await Json(client.JsonAsync("ce", "us-east-1",
            "AWSInsightsIndexService.GetAnomalyMonitors", "{}"));
        using var subscriptions = await Json(client.JsonAsync("ce", "us-east-1",
            "AWSInsightsIndexService.GetAnomalySubscriptions", "{}"));
        using var instances = await Json(client.JsonAsync("sso", "us-east-1",
            "SWBExternalService.ListInstances", "{}"));

        var monitorArn = monitors.RootElement.GetProperty("AnomalyMonitors")[0].GetProperty("MonitorArn").GetString();
        Assert.Equal(monitorArn, subscriptions.RootElement.GetProperty("AnomalySubscriptions")[0]
            .GetProperty("MonitorArnList")[0].GetString());
        Assert.StartsWith("arn:aws:sso:::instance/", instances.RootElement.GetProperty("Instances")[0]
            .GetProperty("InstanceArn").GetString());
    }

    private static XElement Element(XElement root, string localName) =>
        root.Descendants().First(e => e.Name.LocalName == localName);

    private static async Task<JsonDocument> Json(Task<HttpResponseMessage> send)
    {
        using var response = await send;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text);
    }
}
