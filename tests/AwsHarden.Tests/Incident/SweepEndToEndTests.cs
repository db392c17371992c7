using System.Text.Json;
using AwsHarden.FakeAws;
using AwsHarden.FakeAws.State;
using AwsHarden.Tests.Cli;

namespace AwsHarden.Tests.Incident;

/// <summary><c>awsharden incident sweep</c> run as a user would, against the fake endpoint.</summary>
public sealed class SweepEndToEndTests : IDisposable
{
    private const string Since = "2024-08-01T00:00:00Z";
    private readonly string folder = Directory.CreateTempSubdirectory("awsharden-sweep-e2e-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private Task<CliRunner.Result> RunAsync(FakeAwsServer server, params string[] args) =>
        CliRunner.RunAsync(args, server.ClientEnvironment(), folder, TimeSpan.FromMinutes(3));

    /// <summary>The account before the incident: the healthy account, all of it older than the window.</summary>
    private static FakeAccount Before() => FakeAccounts.Healthy(DateTimeOffset.Parse(Since).AddDays(-1));

    private static List<JsonElement> Found(CliRunner.Result result)
    {
        using var json = JsonDocument.Parse(result.Stdout);
        return [.. json.RootElement.GetProperty("found").EnumerateArray().Select(e => e.Clone())];
    }

    private static JsonElement Item(List<JsonElement> found, string id) =>
        found.Single(e => e.GetProperty("id").GetString() == id);

    private static string[] Reasons(JsonElement item) =>
        [.. item.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!)];

    [Fact]
    public async Task Sweep_ExampleChain_ListsChainResourcesInTheirRegionsAndExits1()
    {
        await using var server = await FakeAwsServer.StartAsync(SweepReaderTests.ChainAccount());

        var result = await RunAsync(server, "incident", "sweep", "--since", Since, "--format", "json");

        Assert.True(result.ExitCode == 1, result.Stdout + result.Stderr);
        var found = Found(result);
        Assert.Equal("us-east-1", Item(found, "i-0aa11bb22cc33dd40").GetProperty("region").GetString());
        Assert.Equal("eu-west-1", Item(found, "i-0ee55ff66aa77bb81").GetProperty("region").GetString());
        Assert.Equal(["newSinceWindow"], Reasons(Item(found, "backup-svc")));
        Assert.True(Item(found, "miner-kick").TryGetProperty("lastModified", out _));
        Assert.DoesNotContain(found, e => e.GetProperty("id").GetString() is "i-0123456789abcdef0" or "old-cron");
        Assert.Contains("incident investigate", result.Stderr);
        Assert.Contains("swept eu-west-1", result.Stderr);
        Assert.DoesNotContain(server.Account.Caller.SecretAccessKey, result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Sweep_Baseline_ListsOldInstanceMissingFromSnapshotAndNamesTimeOnlyKinds()
    {
        await using var server = await FakeAwsServer.StartAsync(Before());
        var collect = await RunAsync(server, "collect", "-o", "baseline.json");
        Assert.True(collect.ExitCode == 0, collect.Stderr);
        lock (server.Account.Sync)
        {
            FakeAccounts.AddExampleChainCompute(server.Account);
            // Launched long ago by its clock, yet absent when the baseline was taken: only the baseline shows it.
            server.Account.Instances.Add(new FakeInstance { Region = "ap-south-1", InstanceId = "i-0backdated",
                LaunchTime = DateTimeOffset.Parse("2023-01-01T00:00:00Z") });
        }

        // The fake's chain is dated 2024 while the baseline is taken now, so the window is given as well.
        var result = await RunAsync(server, "incident", "sweep", "--baseline", "baseline.json", "--since", Since,
            "--format", "json", "-o", "sweep.json");

        Assert.True(result.ExitCode == 1, result.Stdout + result.Stderr);
        var report = new CliRunner.Result(result.ExitCode, File.ReadAllText(Path.Combine(folder, "sweep.json")), "");
        var found = Found(report);
        Assert.Equal(["notInBaseline"], Reasons(Item(found, "i-0backdated")));
        Assert.Equal(["newSinceWindow", "notInBaseline"], Reasons(Item(found, "i-0aa11bb22cc33dd40")));
        Assert.Equal(6, found.Count(e => e.GetProperty("type").GetString() == "ec2:volume"));
        using var json = JsonDocument.Parse(report.Stdout);
        var timeOnly = json.RootElement.GetProperty("comparedByTimeOnly").EnumerateArray()
            .Select(e => e.GetString()).ToList();
        Assert.Contains("ec2:volume", timeOnly);
        Assert.Contains("iam:access-key", timeOnly);
        Assert.DoesNotContain("ec2:instance", timeOnly);
    }

    [Fact]
    public async Task Sweep_NothingNew_Exits0()
    {
        await using var server = await FakeAwsServer.StartAsync(Before());

        var result = await RunAsync(server, "incident", "sweep", "--since", Since, "--regions", "us-east-1");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("Nothing created in the window", result.Stdout);
    }

    [Fact]
    public async Task Sweep_LambdaDeniedNothingFound_ReportsNotSweptAndExits2()
    {
        await using var server = await FakeAwsServer.StartAsync(Before());
        server.Faults.Deny("lambda:ListFunctions");

        var result = await RunAsync(server, "incident", "sweep", "--since", Since, "--regions",
            "us-east-1,eu-west-1", "--format", "markdown");

        Assert.True(result.ExitCode == 2, result.Stdout + result.Stderr);
        Assert.Contains("## Not swept", result.Stdout);
        Assert.Contains("lambda:function in eu-west-1: AccessDeniedException on lambda:ListFunctions", result.Stdout);
        Assert.Contains("Part of the account was not swept", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task Sweep_BadSince_UserErrorOneLine()
    {
        await using var server = await FakeAwsServer.StartAsync(Before());

        var result = await RunAsync(server, "incident", "sweep", "--since", "last tuesday");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--since 'last tuesday' is not a time", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.Equal(0, server.Calls.Count);
    }
}
