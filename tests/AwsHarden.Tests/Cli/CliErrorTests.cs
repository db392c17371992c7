namespace AwsHarden.Tests.Cli;

public class CliErrorTests
{
    [Theory]
    [InlineData("audit", "--format", "xml")]
    [InlineData("audit", "--fail-on", "sometimes")]
    [InlineData("audit", "--no-such-flag")]
    [InlineData("collect")]
    [InlineData("audit", "--regions", "mars-north-1x")]
    [InlineData("audit", "--demo", "--snapshot", "x.json")]
    [InlineData("audit", "--fail-on")]
    [InlineData("audit", "--region", "mars-1")]
    [InlineData("audit", "--demo", "--regions", "eu-west-3")]
    [InlineData("audit", "--demo", "-o", "")]
    [InlineData("audit", "--demo", "-o", "/tmp")]
    [InlineData("audit", "--demo", "-o", "/nonexistent-dir/report.json")]
    [InlineData("audit", "--snapshot", "")]
    [InlineData("audit", "--snapshot", "/tmp")]
    [InlineData("audit", "--demo", "--config", "")]
    [InlineData("collect", "-o", "/nonexistent-dir/snap.json")]
    public async Task Run_BadArguments_ExitsTwoWithOneLineError(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error:", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    public async Task Audit_SnapshotWithOddSchemaVersion_ExitsTwoQuotingIt(string version)
    {
        var path = Path.Combine(Path.GetTempPath(), $"awsharden-snap-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, $"{{\"schemaVersion\": {version}, \"tool\": \"awsharden\"}}");
        try
        {
            var result = await CliRunner.RunAsync(["audit", "--snapshot", path]);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains(version, result.Stderr);
            Assert.DoesNotContain("   at ", result.Stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Audit_DemoNarrowedToOneRegion_ReportsOnlyThatRegion()
    {
        var result = await CliRunner.RunAsync(["audit", "--demo", "--regions", "eu-west-1", "--format", "JSON"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("\"region\": \"eu-west-1\"", result.Stdout);
        Assert.DoesNotContain("\"region\": \"us-east-2\"", result.Stdout);
    }

    [Fact]
    public async Task Audit_MissingSnapshotFile_ExitsTwoNamingTheFile()
    {
        var result = await CliRunner.RunAsync(["audit", "--snapshot", "/nonexistent/snap.json"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/nonexistent/snap.json", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task Audit_InvalidConfig_ExitsTwoNamingTheLine()
    {
        var path = Path.Combine(Path.GetTempPath(), $"awsharden-bad-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, "unused_credential_days: 30\nno_such_key: 1\n");
        try
        {
            var result = await CliRunner.RunAsync(["audit", "--demo", "--config", path]);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains(":2:", result.Stderr);
            Assert.Contains("no_such_key", result.Stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("audit")]
    [InlineData("collect")]
    [InlineData("whoami")]
    [InlineData("checks")]
    [InlineData("fix", "plan")]
    [InlineData("secrets", "scan")]
    [InlineData("iam-policy")]
    [InlineData("incident", "investigate")]
    [InlineData("incident", "athena-ddl")]
    [InlineData("incident", "contain")]
    [InlineData("fix", "apply")]
    [InlineData("fix", "undo")]
    [InlineData("keys", "rotate")]
    [InlineData("user", "offboard")]
    public async Task Help_EveryCommand_RendersWithoutError(params string[] command)
    {
        var result = await CliRunner.RunAsync([.. command, "--help"]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("USAGE", result.Stdout);
    }

    [Fact]
    public async Task Help_ListsExitCodes()
    {
        var result = await CliRunner.RunAsync(["audit", "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Exit codes", result.Stdout);
    }
}

public class CliCommandsTests
{
    [Fact]
    public async Task AuditDemo_PrintsReportAndExitsOne()
    {
        var result = await CliRunner.RunAsync(["audit", "--demo"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("111122223333", result.Stdout);
        Assert.Contains("iam.root-access-keys", result.Stdout);
        Assert.Contains("UNKNOWN", result.Stdout);
    }

    [Fact]
    public async Task AuditDemo_FailOnCriticalWithSuppressedRootKeys_ExitsZero()
    {
        var path = Path.Combine(Path.GetTempPath(), $"awsharden-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path,
            "suppressions:\n  - check: iam.root-access-keys\n    reason: being removed this week\n");
        try
        {
            var result = await CliRunner.RunAsync(["audit", "--demo", "--fail-on", "critical", "--config", path]);

            Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
            Assert.Contains("being removed this week", result.Stdout);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task FixPlanDemo_ShowsStepsWithCallsAndUndo()
    {
        var result = await CliRunner.RunAsync(["fix", "plan", "--demo"]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("CreateDetector", result.Stdout);
        Assert.Contains("Undo", result.Stdout);
    }

    [Fact]
    public async Task IamPolicyAudit_CoversEveryCollectorAction()
    {
        var result = await CliRunner.RunAsync(["iam-policy", "audit"]);

        Assert.Equal(0, result.ExitCode);
        foreach (var action in AwsHarden.Audit.Collect.Collector.RequiredActions)
        {
            Assert.Contains($"\"{action}\"", result.Stdout);
        }
    }
}

public class FixPlanCliTests
{
    [Theory]
    [InlineData("fix", "plan", "--demo", "--snapshot", "x.json")]
    [InlineData("fix", "plan", "--demo", "--only", "")]
    [InlineData("fix", "plan", "--demo", "--only", "no.such-check")]
    public async Task FixPlan_BadArguments_ExitsTwo(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error:", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }
}
