using AwsHarden.FakeAws;
using AwsHarden.Tests.Cli;
using AwsHarden.Tests.Incident;

namespace AwsHarden.Tests.EndToEnd;

/// <summary>Case 003: the example trail plus one corrupt gzip file. <c>contain</c> and <c>revert</c> must say the
/// plan is INCOMPLETE, in the plan shown and in the plan file, and never exit 0 as if it were whole.</summary>
public sealed class IncidentIncompleteInputTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("awsharden-incomplete-e2e-").FullName;
    private readonly string logs;

    public IncidentIncompleteInputTests()
    {
        logs = Path.Combine(folder, "logs");
        CopyFolder(ExampleTrail.Folder(), logs);
        // Half of a real trail file: the gzip stream ends early, so the reader reports the file as broken.
        var day = Directory.GetFiles(logs, "*_CloudTrail_*.json.gz", SearchOption.AllDirectories).Order().First();
        var bytes = File.ReadAllBytes(day);
        File.WriteAllBytes(Path.Combine(Path.GetDirectoryName(day)!, "zz_corrupt.json.gz"),
            bytes[..(bytes.Length / 2)]);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static void CopyFolder(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(dir.Replace(from, to, StringComparison.Ordinal));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
    }

    private Task<CliRunner.Result> RunAsync(FakeAwsServer server, params string[] args) =>
        CliRunner.RunAsync(args, server.ClientEnvironment(), folder, TimeSpan.FromMinutes(3));

    private string[] Incident(string verb, params string[] extra) =>
        ["incident", verb, "--key", ExampleTrail.LeakedKey, "--logs", logs, .. extra];

    private static string KeyStatus(FakeAwsServer server, string user, string key)
    {
        lock (server.Account.Sync)
            return server.Account.Iam.FindUser(user)!.AccessKeys.Single(k => k.AccessKeyId == key).Status;
    }

    [Fact]
    public async Task RevertDryRun_BrokenFile_PlanAndPlanFileSayIncompleteExitTwoAndFixApplyRefuses()
    {
        await using var server = await FakeAwsServer.StartAsync(IncidentContainEndToEndTests.ChainAccount());

        var dry = await RunAsync(server, Incident("revert", "--dry-run", "-o", "plan.json"));

        Assert.True(dry.ExitCode == 2, dry.Stdout + dry.Stderr);
        Assert.StartsWith("**INCOMPLETE: 1 file could not be read completely",
            dry.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1]);
        Assert.Contains("zz_corrupt.json.gz", dry.Stdout);
        Assert.Contains("INCOMPLETE: 1 file could not be read", File.ReadAllText(Path.Combine(folder, "plan.json")));

        var apply = await RunAsync(server, "fix", "apply", "plan.json", "--yes");

        Assert.True(apply.ExitCode == 2, apply.Stdout + apply.Stderr);
        Assert.Contains("--accept-incomplete", apply.Stderr);
        Assert.DoesNotContain(server.Calls.Snapshot(), c => c.Operation.StartsWith("Delete", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RevertYes_BrokenFile_RefusedBeforeAnyWriteUnlessAccepted()
    {
        await using var server = await FakeAwsServer.StartAsync(IncidentContainEndToEndTests.ChainAccount());

        var refused = await RunAsync(server, Incident("revert", "--yes", "--journal", "r1.jsonl"));

        Assert.True(refused.ExitCode == 2, refused.Stdout + refused.Stderr);
        Assert.Contains("revert refused: 1 log file could not be read", refused.Stderr);
        Assert.Empty(server.Calls.Snapshot());
        Assert.False(File.Exists(Path.Combine(folder, "r1.jsonl")));

        var accepted = await RunAsync(server, Incident("revert", "--yes", "--accept-incomplete", "--journal",
            "r2.jsonl"));

        Assert.True(accepted.ExitCode == 0, accepted.Stdout + accepted.Stderr);
        Assert.Contains("**INCOMPLETE:", accepted.Stdout);
        Assert.Contains("INCOMPLETE: reverted from a partial read", accepted.Stderr);
        lock (server.Account.Sync)
            Assert.Null(server.Account.Iam.FindUser("backup-svc"));
    }

    /// <summary>Case 002 for contain: a typo'd key makes a plan of root Manual steps only; the run warns that
    /// the key was not seen and exits 2.</summary>
    [Fact]
    public async Task ContainYes_KeyInNoEvent_WarnsNotSeenAndExitsTwo()
    {
        await using var server = await FakeAwsServer.StartAsync(IncidentContainEndToEndTests.ChainAccount());

        var result = await RunAsync(server, "incident", "contain", "--key", "AKIAIOSFODNN7EXAMPLF", "--logs",
            ExampleTrail.Folder(), "--yes", "--journal", "typo.jsonl");

        Assert.True(result.ExitCode == 2, result.Stdout + result.Stderr);
        Assert.Contains("warning: Key AKIAIOSFODNN7EXAMPLF was not seen in the 78 events read", result.Stderr);
        Assert.Contains("**INCOMPLETE: no event of the starting credentials was seen in the 78 events read",
            result.Stdout);
        Assert.Equal("Active", KeyStatus(server, "ci-deploy", ExampleTrail.LeakedKey));
    }

    [Fact]
    public async Task RevertDryRun_KeyInNoEvent_PlanSaysSoNotGoneAlreadyAndFixApplyRefuses()
    {
        await using var server = await FakeAwsServer.StartAsync(IncidentContainEndToEndTests.ChainAccount());

        var dry = await RunAsync(server, "incident", "revert", "--key", "AKIAIOSFODNN7EXAMPLF", "--logs",
            ExampleTrail.Folder(), "--dry-run", "-o", "typo.json");
        var apply = await RunAsync(server, "fix", "apply", "typo.json", "--yes");

        Assert.True(dry.ExitCode == 2, dry.Stdout + dry.Stderr);
        Assert.Contains("Nothing to revert from what was read (see the INCOMPLETE note above).", dry.Stdout);
        Assert.DoesNotContain("gone already", dry.Stdout);
        Assert.Equal(2, apply.ExitCode);
        Assert.Contains("was made from an INCOMPLETE read", apply.Stderr);
    }

    [Fact]
    public async Task ContainYes_BrokenFile_AppliesButSaysIncompleteAndExitsTwo()
    {
        await using var server = await FakeAwsServer.StartAsync(IncidentContainEndToEndTests.ChainAccount());

        var result = await RunAsync(server, Incident("contain", "--yes", "--journal", "contain.jsonl"));

        Assert.True(result.ExitCode == 2, result.Stdout + result.Stderr);
        Assert.Contains("**INCOMPLETE: 1 file could not be read completely", result.Stdout);
        Assert.Contains("INCOMPLETE: the containment was applied from a partial read", result.Stderr);
        Assert.Equal("Inactive", KeyStatus(server, "ci-deploy", ExampleTrail.LeakedKey));
        Assert.Equal("Inactive", KeyStatus(server, "backup-svc", IncidentContainEndToEndTests.BackdoorKey));
    }
}
