using AwsHarden.Tests.Cli;

namespace AwsHarden.Tests.Incident;

public class IncidentAthenaDdlCommandTests
{
    [Fact]
    public async Task Run_OrganizationTrail_PrintsTheTableWithProjection()
    {
        var result = await CliRunner.RunAsync(["incident", "athena-ddl", "--bucket", "s3://org-trail",
            "--org", "o-a1b2c3d4e5", "--accounts", "111122223333", "--table", "security.trail"]);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("CREATE EXTERNAL TABLE IF NOT EXISTS `security`.`trail`", result.Stdout);
        Assert.Contains("s3://org-trail/AWSLogs/o-a1b2c3d4e5/${account}/CloudTrail/${region}/${date}", result.Stdout);
    }

    [Fact]
    public async Task Run_NoAccounts_IsUserErrorOnOneLine()
    {
        var result = await CliRunner.RunAsync(["incident", "athena-ddl", "--bucket", "s3://org-trail"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--accounts", result.Stderr);
        Assert.DoesNotContain(" at AwsHarden", result.Stderr);
    }

    [Theory]
    [InlineData("investigate")]
    [InlineData("contain")]
    [InlineData("athena-ddl")]
    public async Task Help_IncidentCommands_RendersWithoutError(string command)
    {
        var result = await CliRunner.RunAsync(["incident", command, "--help"]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("s3://BUCKET[/PREFIX]", result.Stdout);
    }

    [Fact]
    public async Task Run_NoBucket_IsUserErrorOnOneLine()
    {
        var result = await CliRunner.RunAsync(["incident", "athena-ddl", "--accounts", "111122223333"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("s3://BUCKET[/PREFIX]", result.Stderr);
    }

    [Fact]
    public async Task Investigate_TwoSources_IsUserError()
    {
        var result = await CliRunner.RunAsync(["incident", "investigate", "--key", ExampleTrail.LeakedKey,
            "--logs", ExampleTrail.Folder(), "--lookup"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("choose one", result.Stderr);
    }
}
