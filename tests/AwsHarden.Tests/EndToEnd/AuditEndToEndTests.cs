using System.Text.Json;
using AwsHarden.FakeAws;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.Tests.Cli;

namespace AwsHarden.Tests.EndToEnd;

/// <summary>The real CLI, as a child process, against the fake AWS endpoint over real HTTP.</summary>
public class AuditEndToEndTests
{
    private const string SecretKey = "e2eSecretKeyThatMustNeverAppear0000000000";
    private const string SessionToken = "e2eSessionTokenThatMustNeverAppear//+AAAA";

    private static Dictionary<string, string> Env(FakeAwsServer server) => new()
    {
        ["AWS_ACCESS_KEY_ID"] = server.Account.Caller.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = server.Account.Caller.SecretAccessKey,
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ENDPOINT_URL"] = server.Endpoint.ToString().TrimEnd('/'),
    };

    private sealed record Row(string CheckId, string Status, string Resource, string? Region, string Message);

    private static List<Row> Findings(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("findings").EnumerateArray().Select(f => new Row(
                f.GetProperty("checkId").GetString()!,
                f.GetProperty("status").GetString()!,
                f.GetProperty("resource").GetString()!,
                f.TryGetProperty("region", out var r) ? r.GetString() : null,
                f.GetProperty("message").GetString()!))
            .OrderBy(r => r.CheckId).ThenBy(r => r.Resource).ThenBy(r => r.Region).ToList();
    }

    private static async Task<(CliRunner.Result Result, List<Row> Findings)> AuditAsync(
        FakeAwsServer server, params string[] extra)
    {
        var result = await CliRunner.RunAsync(["audit", "--format", "json", .. extra], Env(server));
        Assert.True(result.ExitCode is 0 or 1, $"exit {result.ExitCode}: {result.Stderr}");
        return (result, Findings(result.Stdout));
    }

    [Fact]
    public async Task Audit_HealthyAccount_EveryCheckPassesAndExitsZero()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());

        var (result, findings) = await AuditAsync(server);

        var notPassing = findings.Where(f => f.Status != "Pass").ToList();
        Assert.True(notPassing.Count == 0, string.Join("\n", notPassing));
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Audit_MisconfiguredAccount_FailsTheRightChecks()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());

        var (result, findings) = await AuditAsync(server);

        Assert.Equal(1, result.ExitCode);
        string[] expectedFailing =
        [
            "iam.root-mfa", "iam.root-access-keys", "cloudtrail.multi-region-logging", "guardduty.enabled",
            "accessanalyzer.enabled", "account.alternate-contacts", "cloudwatch.billing-alarm",
            "ec2.instance-profile", "ce.anomaly-detection", "organizations.scp-region-restriction",
        ];
        foreach (var id in expectedFailing)
        {
            Assert.Contains(findings, f => f.CheckId == id && f.Status == "Fail");
        }

        Assert.DoesNotContain(findings, f => f.Status == "Unknown");
        Assert.Contains(findings, f => f.CheckId == "trustedadvisor.flagged-checks" && f.Status == "Manual");
    }

    [Fact]
    public async Task Audit_EveryCallThrottledTwice_GivesTheSameFindings()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        var (_, baseline) = await AuditAsync(server);

        // Each operation in each region answers Throttling twice before it succeeds (a later page of the same
        // operation is then served at once: the hook cannot tell pages apart).
        var attempts = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        server.Faults.Hook(null, call =>
        {
            if (attempts.AddOrUpdate($"{call.IamAction}@{call.Region}", 1, (_, n) => n + 1) <= 2)
            {
                throw ServiceErrors.Create(call.Service, ErrorKind.Throttling, "");
            }
        });
        server.Calls.Clear();
        var (_, throttled) = await AuditAsync(server);

        Assert.Equal(baseline, throttled);
        var calls = server.Calls.Snapshot();
        Assert.All(attempts, a => Assert.True(a.Value >= 3, $"{a.Key} was not retried to success"));
        Assert.True(calls.Count(c => c.StatusCode is 400 or 429 or 503) >= 2 * attempts.Count);
    }

    [Fact]
    public async Task Audit_AccessDeniedOnPasswordPolicy_OnlyThatCheckIsUnknown()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        var (_, baseline) = await AuditAsync(server);

        server.Faults.Deny("iam:GetAccountPasswordPolicy");
        var (result, denied) = await AuditAsync(server);

        var changed = denied.Except(baseline).ToList();
        var row = Assert.Single(changed);
        Assert.Equal("iam.password-policy", row.CheckId);
        Assert.Equal("Unknown", row.Status);
        Assert.Contains("AccessDenied on iam:GetAccountPasswordPolicy", row.Message);
        Assert.Contains("iam:GetAccountPasswordPolicy", result.Stdout);
    }

    [Fact]
    public async Task Audit_OneRegionFailing_OtherRegionsStillEvaluated()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        server.Faults.FailRegion("eu-west-1");

        var (_, findings) = await AuditAsync(server, "--regions", "us-east-1,eu-west-1");

        foreach (var id in new[] { "guardduty.enabled", "accessanalyzer.enabled" })
        {
            Assert.Contains(findings, f => f.CheckId == id && f.Region == "us-east-1" && f.Status == "Pass");
            var failed = findings.Single(f => f.CheckId == id && f.Region == "eu-west-1");
            Assert.Equal("Unknown", failed.Status);
            Assert.Contains("eu-west-1", failed.Message);
        }

        Assert.DoesNotContain(findings, f => f.Status == "Fail");
        Assert.Contains(findings, f => f.CheckId == "iam.password-policy" && f.Status == "Pass");
    }

    // Case 001: without the region list only the home region is read; "every region" must not pass.
    [Fact]
    public async Task Audit_DescribeRegionsDenied_PerRegionChecksUnknownAndExitOne()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        server.Faults.Deny("ec2:DescribeRegions");

        var (result, findings) = await AuditAsync(server);

        Assert.Equal(1, result.ExitCode);
        foreach (var id in new[] { "guardduty.enabled", "cloudtrail.multi-region-logging", "accessanalyzer.enabled" })
        {
            var unknown = Assert.Single(findings, f => f.CheckId == id && f.Status == "Unknown");
            Assert.Contains("ec2:DescribeRegions", unknown.Message);
        }
    }

    // Case 013: an account nobody could read must not look clean to CI.
    [Fact]
    public async Task Audit_EveryReadDenied_ExitsOne()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        var reads = AwsHarden.Audit.Collect.Collector.RequiredActions.Where(a => a != "sts:GetCallerIdentity");
        foreach (var action in reads)
        {
            server.Faults.Deny(action);
        }

        var (result, findings) = await AuditAsync(server);

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain(findings, f => f.Status == "Pass");
    }

    [Fact]
    public async Task CollectThenAuditSnapshot_GivesTheSameFindingsAsAudit()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        var path = Path.Combine(Path.GetTempPath(), $"awsharden-snap-{Guid.NewGuid():N}.json");
        try
        {
            var (_, live) = await AuditAsync(server);
            var collect = await CliRunner.RunAsync(["collect", "-o", path], Env(server));
            Assert.True(collect.ExitCode == 0, collect.Stderr);

            server.Calls.Clear();
            var offline = await CliRunner.RunAsync(["audit", "--snapshot", path, "--format", "json"]);

            Assert.Equal(live, Findings(offline.Stdout));
            Assert.Equal(0, server.Calls.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Audit_SecretKeyAndSessionToken_NeverAppearInOutputOrSnapshot()
    {
        var account = FakeAccounts.Misconfigured();
        account.Caller = account.Caller with { SecretAccessKey = SecretKey, SessionToken = SessionToken };
        await using var server = await FakeAwsServer.StartAsync(account);
        var env = Env(server);
        env["AWS_SESSION_TOKEN"] = SessionToken;
        var path = Path.Combine(Path.GetTempPath(), $"awsharden-snap-{Guid.NewGuid():N}.json");
        try
        {
            var audit = await CliRunner.RunAsync(["audit"], env);
            var json = await CliRunner.RunAsync(["audit", "--format", "json"], env);
            var collect = await CliRunner.RunAsync(["collect", "-o", path], env);
            var whoami = await CliRunner.RunAsync(["whoami"], env);

            Assert.Equal(1, audit.ExitCode);
            Assert.Equal(0, collect.ExitCode);
            Assert.Equal(0, whoami.ExitCode);
            var everything = string.Join("\n", audit.Stdout, audit.Stderr, json.Stdout, json.Stderr,
                collect.Stdout, collect.Stderr, whoami.Stdout, whoami.Stderr, await File.ReadAllTextAsync(path));
            Assert.DoesNotContain(SecretKey, everything);
            Assert.DoesNotContain(SessionToken, everything);
            Assert.DoesNotContain(SecretKey[..16], everything);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Whoami_PrintsAccountCallerAndSource()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());

        var result = await CliRunner.RunAsync(["whoami"], Env(server));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(server.Account.AccountId, result.Stdout);
        Assert.Contains(server.Account.Caller.Arn, result.Stdout);
        Assert.Contains("environment", result.Stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Audit_NoCredentials_ExitsTwoWithOneLine()
    {
        var result = await CliRunner.RunAsync(["audit"], new Dictionary<string, string>
        {
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9",
        });

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error:", result.Stderr.Trim());
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task Audit_WrongSecret_ExitsTwoSayingCredentialsAreRejected()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        var env = Env(server);
        env["AWS_SECRET_ACCESS_KEY"] = "not-the-right-secret-0000000000000000000";

        var result = await CliRunner.RunAsync(["audit"], env);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error:", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }
}
