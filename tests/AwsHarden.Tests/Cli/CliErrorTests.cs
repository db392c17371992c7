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
    public async Task Run_BadArguments_ExitsTwoWithOneLineError(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error:", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
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

    [Fact]
    public async Task Help_ListsExitCodes()
    {
        var result = await CliRunner.RunAsync(["audit", "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Exit codes", result.Stdout);
    }
}
