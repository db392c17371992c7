using System.Text.Json;
using AwsHarden.FakeAws;
using AwsHarden.Model;
using AwsHarden.Tests.Cli;
using AwsHarden.Tests.Remediation;

namespace AwsHarden.Tests.EndToEnd;

/// <summary>'fix apply' and 'fix undo' as a user runs them: the real CLI against the fake AWS endpoint.</summary>
public sealed class FixEndToEndTests : IDisposable
{
    private const string Config = """
        allowed_regions: [us-east-1, eu-west-1]
        fix:
          alert_email: ops@example.com
          alternate_contacts:
            operations: { name: Ops Team, title: Lead, email: ops@example.com, phone: "+1-555-0101" }
            security: { name: Sec Team, title: CISO, email: sec@example.com, phone: "+1-555-0100" }
        """;

    private readonly string folder = Directory.CreateTempSubdirectory("awsharden-fix-e2e-").FullName;

    public FixEndToEndTests() => File.WriteAllText(Path.Combine(folder, "awsharden.yaml"), Config);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private Task<CliRunner.Result> RunAsync(FakeAwsServer server, params string[] args) =>
        CliRunner.RunAsync(args, server.ClientEnvironment(), folder, TimeSpan.FromMinutes(3));

    private Task<CliRunner.Result> LiveAsync(FakeAwsServer server, params string[] args) =>
        RunAsync(server, [.. args, "--config", "awsharden.yaml", "--regions", "us-east-1,eu-west-1"]);

    private async Task<Dictionary<string, bool>> AuditAsync(FakeAwsServer server)
    {
        ExpireCredentialReport(server);
        var result = await LiveAsync(server, "audit", "--format", "json");
        Assert.True(result.ExitCode is 0 or 1, result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout);
        return doc.RootElement.GetProperty("findings").EnumerateArray()
            .GroupBy(f => f.GetProperty("checkId").GetString()!)
            .ToDictionary(g => g.Key, g => g.All(f => f.GetProperty("status").GetString() == "Pass"));
    }

    private async Task<AccountSnapshot> CollectAsync(FakeAwsServer server, string name)
    {
        ExpireCredentialReport(server);
        var result = await RunAsync(server, "collect", "-o", name, "--regions", "us-east-1,eu-west-1");
        Assert.True(result.ExitCode == 0, result.Stderr);
        await using var stream = File.OpenRead(Path.Combine(folder, name));
        return SnapshotJson.Read(stream);
    }

    // IAM refreshes the credential report at most every four hours; the tests do not wait.
    private static void ExpireCredentialReport(FakeAwsServer server)
    {
        lock (server.Account.Sync)
        {
            server.Account.Iam.CredentialReport = null;
        }
    }

    private string[] Journals(string prefix) =>
        Directory.GetFiles(folder, $"{prefix}-*.jsonl").Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task FixApply_Unattended_WithoutYes_ExitsTwoAndChangesNothing()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());

        var result = await LiveAsync(server, "fix", "apply");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--yes", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Empty(server.Calls.Snapshot());
    }

    [Fact]
    public async Task FixApply_Yes_FixedChecksPassAndSecondRunWritesNothing()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        var before = await AuditAsync(server);

        var result = await LiveAsync(server, "fix", "apply", "--yes");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var journal = Assert.Single(Journals("awsharden-journal"));
        Assert.Contains(Path.GetFileName(journal), result.Stderr);
        Assert.Contains("## Checks after apply", result.Stdout);
        var after = await AuditAsync(server);
        string[] fixedChecks =
        [
            "iam.password-policy", "cloudtrail.multi-region-logging", "cloudtrail.log-validation",
            "cloudtrail.insights", "guardduty.enabled", "accessanalyzer.enabled", "account.alternate-contacts",
            "ce.anomaly-detection", "cloudwatch.billing-alarm",
        ];
        Assert.All(fixedChecks, c => Assert.False(before[c], $"{c} passed before"));
        Assert.All(fixedChecks, c => Assert.True(after[c], $"{c} does not pass after apply"));
        Assert.DoesNotContain("SECRET", File.ReadAllText(journal), StringComparison.OrdinalIgnoreCase);

        server.Calls.Clear();
        var second = await LiveAsync(server, "fix", "apply", "--yes");
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.DoesNotContain(server.Calls.Snapshot(), c => !FakeFixHarness.IsRead(c.Operation));
    }

    [Fact]
    public async Task FixUndo_AfterApply_CollectedSnapshotMatchesTheOneBefore()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        var before = await CollectAsync(server, "before.json");
        Assert.Equal(0, (await LiveAsync(server, "fix", "apply", "--yes")).ExitCode);
        var journal = Assert.Single(Journals("awsharden-journal"));

        var undo = await LiveAsync(server, "fix", "undo", journal, "--yes");

        Assert.True(undo.ExitCode == 0, undo.Stdout + undo.Stderr);
        Assert.Single(Journals("awsharden-undo"));
        var after = await CollectAsync(server, "after.json");
        var differences = SnapshotComparison.Differences(before, after);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Fact]
    public async Task FixApply_PlanFileAfterAccountChanged_StopsOnDriftAndExitsOne()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        await CollectAsync(server, "snap.json");
        server.Calls.Clear();
        var plan = await RunAsync(server, "fix", "plan", "--snapshot", "snap.json", "--config", "awsharden.yaml",
            "-o", "plan.json");
        Assert.True(plan.ExitCode == 0, plan.Stderr);
        Assert.Empty(server.Calls.Snapshot());
        lock (server.Account.Sync)
        {
            server.Account.Detectors.RemoveAll(d => d.Region == "us-east-1");
        }

        var result = await RunAsync(server, "fix", "apply", "plan.json", "--yes");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("changed since the plan was made", result.Stdout);
        Assert.DoesNotContain(server.Calls.Snapshot(), c => c.IamAction == "guardduty:UpdateDetector");
    }
}
