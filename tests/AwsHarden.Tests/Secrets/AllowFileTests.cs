using AwsHarden.Cli.Commands;
using AwsHarden.Model;
using AwsHarden.Secrets;
using Spectre.Console.Cli;

namespace AwsHarden.Tests.Secrets;

public sealed class AllowFileTests
{
    [Fact]
    public void Load_KeysPathsCommentsAndBlankLines_Read()
    {
        using var folder = new TempFolder();
        folder.Write("allow", $"# revoked in 2023\nkey {TestKeys.KeyId}  # old CI key\n\npath fixtures/*\n");

        var allow = AllowFile.Load(Path.Combine(folder.Path, "allow"));

        Assert.Equal([TestKeys.KeyId], allow.KeyIds);
        Assert.Equal(["fixtures/*"], allow.PathGlobs);
    }

    [Theory]
    [InlineData("key AKIA123", "line 2: 'AKIA123' is not an access key id")]
    [InlineData("AKIA2XUID5ZZZZG6ZDME", "line 2: 'AKIA2XUID5ZZZZG6ZDME' is neither")]
    [InlineData("paths *.txt", "line 2: 'paths *.txt' is neither")]
    public void Load_MalformedLine_UserErrorNamesTheLine(string line, string expected)
    {
        using var folder = new TempFolder();
        folder.Write("allow", $"path a/*\n{line}\n");

        var error = Assert.Throws<UserErrorException>(() => AllowFile.Load(Path.Combine(folder.Path, "allow")));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Load_MissingFile_UserError()
    {
        var error = Assert.Throws<UserErrorException>(() => AllowFile.Load("/nonexistent/allow"));

        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public async Task Scan_AllowFileListsTheKeyAndThePath_NothingReportedExit0()
    {
        using var folder = new TempFolder();
        folder.Write("app/config.env", $"AWS_ACCESS_KEY_ID={TestKeys.KeyId}\n");
        folder.Write("fixtures/sample.env", $"AWS_ACCESS_KEY_ID={TestKeys.OtherKeyId}\n");
        using var outside = new TempFolder();
        outside.Write("allow", $"key {TestKeys.KeyId}\npath fixtures/*\n");
        var report = Path.Combine(outside.Path, "report.json");

        var found = await Run("secrets", "scan", folder.Path, "-o", report);
        var allowed = await Run("secrets", "scan", folder.Path, "-o", report, "--allow-file",
            Path.Combine(outside.Path, "allow"));

        Assert.Equal(SecretsScanCommand.ExitKeyFound, found);
        Assert.Equal(0, allowed);
    }

    private static Task<int> Run(params string[] args)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.PropagateExceptions();
            config.AddBranch("secrets", secrets => secrets.AddCommand<SecretsScanCommand>("scan"));
        });
        return app.RunAsync(args);
    }
}
