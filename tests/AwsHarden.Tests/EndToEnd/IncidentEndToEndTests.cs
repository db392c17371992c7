using System.Text.Json;
using AwsHarden.FakeAws;
using AwsHarden.FakeAws.State;
using AwsHarden.Tests.Cli;
using AwsHarden.Tests.Incident;

namespace AwsHarden.Tests.EndToEnd;

/// <summary><c>incident investigate</c> as a child process: the example chain from the trail bucket and from
/// LookupEvents on the fake endpoint finds the same lineage as from the files.</summary>
public class IncidentEndToEndTests
{
    private const string Day = "--since=2024-08-01T00:00:00Z";
    private const string DayEnd = "--until=2024-08-01T23:59:59Z";

    private static async Task<(CliRunner.Result Result, JsonElement Report)> InvestigateAsync(
        IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var result = await CliRunner.RunAsync(
            ["incident", "investigate", "--key", ExampleTrail.LeakedKey, "--format", "json", .. args], env,
            timeout: TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        using var doc = JsonDocument.Parse(result.Stdout);
        return (result, doc.RootElement.Clone());
    }

    private static List<string> Lineage(JsonElement report) =>
        [.. report.GetProperty("lineage").EnumerateArray().Select(n => n.GetProperty("id").GetString()!)];

    private static List<string> Timeline(JsonElement report) =>
        [.. report.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("eventId").GetString()!)];

    [Fact]
    public async Task InvestigateBucket_ExampleTrail_SameLineageAsLogsAndOnlyWindowDaysListed()
    {
        var (_, expected) = await InvestigateAsync(null, "--logs", ExampleTrail.Folder(), Day, DayEnd);
        var account = FakeAccounts.Healthy();
        // Logs of days outside the window: listing or reading them would be wasted work.
        var outside = ExampleTrail.Objects().Where(o => o.Key.Contains("/CloudTrail/us-east-1/"))
            .Select(o => (o.Key.Replace("/2024/08/01/", "/2024/07/15/"), o.Content)).ToArray();
        account.Buckets.Add(ExampleTrail.FakeBucket("trail/", outside));
        await using var server = await FakeAwsServer.StartAsync(account);

        var (result, report) = await InvestigateAsync(server.ClientEnvironment(),
            "--bucket", $"s3://{ExampleTrail.Bucket}/trail", Day, DayEnd);

        Assert.Equal(Lineage(expected), Lineage(report));
        // The outside days repeat the window's records: had they been read, their events would appear twice.
        Assert.Equal(Timeline(expected), Timeline(report));
        // AWSLogs/ (accounts), ACCOUNT/CloudTrail/ (regions), then 3 regions × 2 days (the window and the next).
        Assert.Equal(2 + 3 * 2, server.Calls.For("s3:ListBucket").Count);
        var inWindow = ExampleTrail.Objects().Count(o => o.Key.Contains("/CloudTrail/", StringComparison.Ordinal));
        // Every file once for the lineage, then again only those where a lineage credential acted.
        var reads = server.Calls.For("s3:GetObject").Count;
        Assert.InRange(reads, inWindow + 1, 2 * inWindow - 1);
        Assert.Contains("log files", result.Stderr);
    }

    [Fact]
    public async Task InvestigateLookup_ExampleTrail_SameLineageAsLogsInEveryEnabledRegion()
    {
        var (_, expected) = await InvestigateAsync(null, "--logs", ExampleTrail.Folder(), Day, DayEnd);
        var account = FakeAccounts.Healthy();
        account.CloudTrailEvents.AddRange(ExampleTrail.Events());
        await using var server = await FakeAwsServer.StartAsync(account);

        var (result, report) = await InvestigateAsync(server.ClientEnvironment(), "--lookup", Day, DayEnd);

        Assert.Equal(Lineage(expected).Order(), Lineage(report).Order());
        Assert.Equal(Timeline(expected), Timeline(report));
        var lookups = server.Calls.For("cloudtrail:LookupEvents");
        Assert.Equal(account.EnabledRegions.Order(), lookups.Select(c => c.Region).Distinct().Order());
        Assert.Contains("90 days", result.Stderr);
    }

    /// <summary>Case 001: without --since the event history is asked for its last 90 days, which misses the
    /// 2024 example chain: a warning names the window and the run exits 2 rather than looking clean.</summary>
    [Fact]
    public async Task InvestigateLookup_NoSinceAndOldTrail_WarnsKeyNotSeenInTheNinetyDaysAndExitsTwo()
    {
        var account = FakeAccounts.Healthy();
        account.CloudTrailEvents.AddRange(ExampleTrail.Events());
        await using var server = await FakeAwsServer.StartAsync(account);

        var result = await CliRunner.RunAsync(["incident", "investigate", "--key", ExampleTrail.LeakedKey,
            "--lookup", "--format", "json"], server.ClientEnvironment(), timeout: TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Contains("not a clean result", result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout);
        var warning = doc.RootElement.GetProperty("warnings")[0].GetString()!;
        Assert.StartsWith($"Key {ExampleTrail.LeakedKey} was not seen in the 0 events read between ", warning);
        Assert.Contains("the event history keeps 90 days", warning);
    }

    [Fact]
    public async Task InvestigateBucket_NoSuchBucket_IsUserError()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());

        var result = await CliRunner.RunAsync(["incident", "investigate", "--key", ExampleTrail.LeakedKey,
            "--bucket", "s3://missing-bucket", Day], server.ClientEnvironment());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("NoSuchBucket", result.Stderr);
    }
}
