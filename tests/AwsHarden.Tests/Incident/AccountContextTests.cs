using System.Text.Json;
using AwsHarden.Aws;
using AwsHarden.Aws.Clients;
using AwsHarden.FakeAws;
using AwsHarden.FakeAws.State;
using AwsHarden.Incident;
using AwsHarden.Model;
using AwsHarden.Tests.Cli;

namespace AwsHarden.Tests.Incident;

public class AccountContextTests
{
    private const string Ec2 = "Amazon Elastic Compute Cloud - Compute";
    private const string S3 = "Amazon Simple Storage Service";
    private static readonly DateOnly WindowDay = new(2024, 8, 1);

    /// <summary>Four quiet weeks of EC2 in us-east-1 and S3, then GPU instances in two regions on the day.
    /// </summary>
    private static IEnumerable<(DateOnly Day, string Service, string Region, decimal Amount)> Bill()
    {
        for (var d = WindowDay.AddDays(-28); d < WindowDay; d = d.AddDays(1))
        {
            yield return (d, Ec2, "us-east-1", 3m);
            yield return (d, S3, "us-east-1", 0.5m);
        }
        yield return (WindowDay, Ec2, "us-east-1", 40m);
        yield return (WindowDay, Ec2, "eu-west-1", 35m);
        yield return (WindowDay, S3, "us-east-1", 0.6m);
    }

    [Fact]
    public void Compare_GpuDayAfterQuietWeeks_FlagsServiceAndBothRegionsButNotSteadyS3()
    {
        var (baseline, start, end) = CostComparer.Period(DateTimeOffset.Parse("2024-08-01T09:00:00Z"),
            DateTimeOffset.Parse("2024-08-01T23:00:00Z"));
        var costs = Bill().Select(b => new DailyCost(b.Day, b.Service, b.Region, b.Amount, "USD"));

        var cost = CostComparer.Compare(costs, baseline, start, end);

        Assert.Equal((new DateOnly(2024, 7, 4), WindowDay, WindowDay.AddDays(1)), (baseline, start, end));
        Assert.Equal(75.6m, cost.WindowTotal);
        Assert.Equal(28 * 3.5m, cost.BaselineTotal);
        var jumped = cost.Changes.Where(c => c.Jumped).Select(c => (c.Dimension, c.Name)).ToList();
        Assert.Equal([("SERVICE", Ec2), ("REGION", "us-east-1"), ("REGION", "eu-west-1")], jumped);
        var s3 = Assert.Single(cost.Changes, c => c.Name == S3);
        Assert.Equal((0.6m, 0.5m), (s3.WindowPerDay, s3.BaselinePerDay));
    }

    [Theory]
    [InlineData(0.9, 0, false)] // new, but under a dollar a day
    [InlineData(1, 0, true)] // new spend at the floor
    [InlineData(5.9, 3, false)] // under twice the usual
    [InlineData(6, 3, true)]
    public void Jumped_Thresholds_AreFloorAndFactor(double perDay, double before, bool expected) =>
        Assert.Equal(expected, CostComparer.Jumped((decimal)perDay, (decimal)before));

    /// <summary>An account answered from memory; <c>Denied</c> names the reads that answer AccessDenied.</summary>
    private sealed class MemorySource : IAccountContextSource
    {
        public HashSet<string> Denied { get; } = [];
        public List<(DateOnly, DateOnly)> CostAsks { get; } = [];

        public Task<List<DailyCost>> DailyCostAsync(DateOnly start, DateOnly end, CancellationToken ct)
        {
            Deny("ce:GetCostAndUsage");
            CostAsks.Add((start, end));
            return Task.FromResult(Bill().Select(b => new DailyCost(b.Day, b.Service, b.Region, b.Amount, "USD"))
                .ToList());
        }

        public Task<AlternateContact> AlternateContactAsync(string type, CancellationToken ct) =>
            Task.FromResult(type == "SECURITY"
                ? new AlternateContact(type, true, "Mallory", "mallory@example.net")
                : new AlternateContact(type, false));

        public Task<IReadOnlyList<string>> RegionsAsync(CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<string>>(["us-east-1", "eu-west-1"]);

        public Task<List<AccessAnalyzer>> AnalyzersAsync(string region, CancellationToken ct)
        {
            Deny("access-analyzer:ListAnalyzers");
            return Task.FromResult<List<AccessAnalyzer>>(region == "us-east-1"
                ? [new("a", "arn:analyzer/a", "ACCOUNT", "ACTIVE"), new("u", "arn:analyzer/u", "ACCOUNT_UNUSED_ACCESS",
                    "ACTIVE")]
                : []);
        }

        public Task<List<AccessFinding>> ActiveFindingsAsync(string region, string analyzerArn, CancellationToken ct)
        {
            Assert.Equal("arn:analyzer/a", analyzerArn);
            return Task.FromResult<List<AccessFinding>>(
            [
                new("f-old", "arn:aws:s3:::shared", "AWS::S3::Bucket", "AWS=999999999999", false,
                    DateTimeOffset.Parse("2024-05-01T00:00:00Z")),
                new("f-new", "arn:aws:iam::111122223333:role/ops-automation", "AWS::IAM::Role", "AWS=*", true,
                    DateTimeOffset.Parse("2024-08-01T14:00:00Z")),
            ]);
        }

        private void Deny(string action)
        {
            if (Denied.Contains(action))
            {
                throw new AwsServiceException("AccessDeniedException", "not allowed",
                    System.Net.HttpStatusCode.Forbidden, action);
            }
        }
    }

    private static readonly DateTimeOffset Since = DateTimeOffset.Parse("2024-08-01T00:00:00Z");
    private static readonly DateTimeOffset Until = DateTimeOffset.Parse("2024-08-01T23:59:59Z");

    private static TimelineEntry ContactWrite(string? error) => new()
    {
        Time = DateTimeOffset.Parse("2024-08-01T15:00:00Z"), Credential = "AKIAI44QH8DHBEXAMPLE",
        Category = error is null ? ActionCategory.Write : ActionCategory.Failed, EventName = "PutAlternateContact",
        EventSource = "account.amazonaws.com", ErrorCode = error,
    };

    [Fact]
    public async Task ReadAsync_AllAllowed_ReadsEveryPartAndFlagsWindowFindingsAndContactWrite()
    {
        var source = new MemorySource();

        var context = await new AccountContextReader(source).ReadAsync(Since, Until,
            [ContactWrite("AccessDenied"), ContactWrite(null)], CancellationToken.None);

        Assert.Equal([(new DateOnly(2024, 7, 4), new DateOnly(2024, 8, 2))], source.CostAsks);
        Assert.Contains(context.Cost!.Value!.Changes, c => c.Jumped);
        var contacts = context.Contacts!.Value!;
        Assert.Equal(["BILLING", "OPERATIONS", "SECURITY"], contacts.Select(c => c.Type));
        Assert.All(contacts, c => Assert.StartsWith("PutAlternateContact by AKIAI44QH8DHBEXAMPLE", c.ChangedBy));
        var findings = context.ExternalAccess!.Value!;
        Assert.Equal([("f-new", true), ("f-old", false)], findings.Select(f => (f.Finding.Id, f.CreatedInWindow)));
        Assert.Contains("1 of 2 regions: eu-west-1", Assert.Single(context.ExternalAccess.Notes));
    }

    [Fact]
    public async Task ReadAsync_CostDenied_SaysWhichActionAndStillReadsTheRest()
    {
        var source = new MemorySource { Denied = { "ce:GetCostAndUsage" } };

        var context = await new AccountContextReader(source).ReadAsync(Since, Until, [], CancellationToken.None);

        Assert.Null(context.Cost!.Value);
        Assert.Equal("not read: needs ce:GetCostAndUsage", context.Cost.NotRead);
        Assert.Null(context.Contacts!.Value![0].ChangedBy);
        Assert.Equal(2, context.ExternalAccess!.Value!.Count);
    }

    [Fact]
    public async Task ReadAsync_AnalyzersDenied_OnlyThatPartNotRead()
    {
        var source = new MemorySource { Denied = { "access-analyzer:ListAnalyzers" } };

        var context = await new AccountContextReader(source).ReadAsync(Since, Until, [], CancellationToken.None);

        Assert.Equal("not read: needs access-analyzer:ListAnalyzers", context.ExternalAccess!.NotRead);
        Assert.NotNull(context.Cost!.Value);
        Assert.NotNull(context.Contacts!.Value);
    }

    private static FakeAccount AccountWithBill()
    {
        var account = FakeAccounts.Healthy(DateTimeOffset.Parse("2024-08-02T00:00:00Z"), ExampleTrail.Account);
        account.DailyCosts.AddRange(Bill().Select(b => new FakeDailyCost(b.Day, b.Service, b.Region, b.Amount)));
        account.Analyzers.Single(a => a.Region == "eu-west-1").Findings.AddRange(
        [
            new("f-1", "arn:aws:iam::111122223333:role/ops-automation", "AWS::IAM::Role",
                new Dictionary<string, string> { ["AWS"] = "arn:aws:iam::999999999999:root" },
                DateTimeOffset.Parse("2024-08-01T14:00:00Z")),
            new("f-2", "arn:aws:s3:::old-share", "AWS::S3::Bucket",
                new Dictionary<string, string> { ["AWS"] = "888888888888" },
                DateTimeOffset.Parse("2024-03-01T00:00:00Z"),
                Status: "ARCHIVED"),
        ]);
        return account;
    }

    private static async Task<CliRunner.Result> InvestigateAsync(IReadOnlyDictionary<string, string>? env,
        params string[] args) =>
        await CliRunner.RunAsync(["incident", "investigate", "--key", ExampleTrail.LeakedKey, "--logs",
            ExampleTrail.Folder(), "--since=2024-08-01T00:00:00Z", "--until=2024-08-01T23:59:59Z", .. args], env);

    [Fact]
    public async Task Investigate_LogsWithCredentials_ReportsBillContactsAndActiveFindingsInJson()
    {
        await using var server = await FakeAwsServer.StartAsync(AccountWithBill());

        var result = await InvestigateAsync(server.ClientEnvironment(), "--format", "json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout);
        var context = doc.RootElement.GetProperty("context");
        var cost = context.GetProperty("cost").GetProperty("value");
        Assert.Equal("2024-07-04", cost.GetProperty("baselineStart").GetString());
        var jumped = cost.GetProperty("changes").EnumerateArray().Where(c => c.GetProperty("jumped").GetBoolean())
            .Select(c => c.GetProperty("name").GetString());
        Assert.Equal([Ec2, "us-east-1", "eu-west-1"], jumped);
        Assert.Equal(3, context.GetProperty("contacts").GetProperty("value").GetArrayLength());
        var finding = Assert.Single(context.GetProperty("externalAccess").GetProperty("value").EnumerateArray());
        Assert.True(finding.GetProperty("createdInWindow").GetBoolean());
        Assert.Equal("AWS=arn:aws:iam::999999999999:root",
            finding.GetProperty("finding").GetProperty("principal").GetString());
        // One Cost Explorer request: both groupings in one call, all 29 days on two pages at most.
        Assert.InRange(server.Calls.For("ce:GetCostAndUsage").Count, 1, 3);
        Assert.All(server.Calls.For("ce:GetCostAndUsage"), c => Assert.Equal("us-east-1", c.Region));
    }

    [Fact]
    public async Task Investigate_CostDeniedAsMarkdown_SaysNeedsCeActionAndShowsOtherParts()
    {
        await using var server = await FakeAwsServer.StartAsync(AccountWithBill());
        server.Faults.Deny("ce:GetCostAndUsage");

        var result = await InvestigateAsync(server.ClientEnvironment(), "--format", "markdown");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("not read: needs ce:GetCostAndUsage", result.Stdout);
        Assert.Contains("SECURITY: Security Team Lead <security@example.com>", result.Stdout);
        Assert.Contains("`arn:aws:iam::111122223333:role/ops-automation`", result.Stdout);
        Assert.Contains("**in window**", result.Stdout);
    }

    [Fact]
    public async Task Investigate_CredentialsOfAnotherAccount_ContextNotReadNamesBothAccounts()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());

        var result = await InvestigateAsync(server.ClientEnvironment(), "--format", "markdown");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("the logs are of account 111122223333 but the credentials are for 123456789012",
            result.Stdout);
        Assert.Empty(server.Calls.For("ce:GetCostAndUsage"));
    }

    [Fact]
    public async Task Investigate_TableWithCredentials_ShowsJumpedAndInWindow()
    {
        await using var server = await FakeAwsServer.StartAsync(AccountWithBill());

        var result = await InvestigateAsync(server.ClientEnvironment());

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Account context", result.Stdout);
        Assert.Contains("jumped", result.Stdout);
        Assert.Contains("in window", result.Stdout);
    }

    [Fact]
    public async Task Investigate_LogsWithoutCredentials_SaysContextNotReadAndSucceeds()
    {
        var result = await InvestigateAsync(null, "--format", "json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout);
        var context = doc.RootElement.GetProperty("context");
        Assert.Contains("no AWS credentials", context.GetProperty("notRead").GetString());
        Assert.True(doc.RootElement.GetProperty("lineage").GetArrayLength() > 3);
    }

    [Fact]
    public async Task Investigate_Offline_MakesNoAccountCall()
    {
        await using var server = await FakeAwsServer.StartAsync(AccountWithBill());

        var result = await InvestigateAsync(server.ClientEnvironment(), "--format", "json", "--offline");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(0, server.Calls.Count);
        Assert.Contains("--offline", result.Stdout);
    }
}
