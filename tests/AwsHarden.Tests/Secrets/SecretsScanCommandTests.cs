using System.Text.Json;
using AwsHarden.Cli.Commands;
using AwsHarden.Model;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AwsHarden.Tests.Secrets;

public class SecretsScanCommandTests
{
    private static readonly DateTimeOffset Day1 = new(2023, 11, 5, 8, 0, 0, TimeSpan.Zero);

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

    private static (TempFolder Repo, string Adding) RepositoryWithLeakInHistory()
    {
        var repo = new TempFolder();
        repo.InitRepository();
        repo.Write("src/app.py", "print('hi')\n");
        repo.Commit("initial", Day1);
        repo.Write("src/settings.py",
            $"AWS_ACCESS_KEY_ID = '{TestKeys.KeyId}'\nAWS_SECRET_ACCESS_KEY = '{TestKeys.Secret}'\n");
        var adding = repo.Commit("settings", Day1.AddDays(1));
        repo.Delete("src/settings.py");
        repo.Commit("oops, remove keys", Day1.AddDays(2));
        return (repo, adding);
    }

    [Fact]
    public async Task ScanHistory_LeakInOldCommit_Exit1AndSarifNamesCommit()
    {
        var (repo, adding) = RepositoryWithLeakInHistory();
        using var _ = repo;
        var output = Path.Combine(repo.Path, "..", $"{Guid.NewGuid():N}.sarif");

        var exit = await Run("secrets", "scan", repo.Path, "--history", "--format", "sarif", "--output", output);

        Assert.Equal(SecretsScanCommand.ExitKeyFound, exit);
        var text = await File.ReadAllTextAsync(output);
        File.Delete(output);
        Assert.DoesNotContain(TestKeys.Secret, text, StringComparison.Ordinal);
        var results = JsonDocument.Parse(text).RootElement.GetProperty("runs")[0].GetProperty("results");
        var result = Assert.Single(results.EnumerateArray());
        Assert.Equal(adding, result.GetProperty("properties").GetProperty("commit").GetString());
        Assert.Equal("secrets.aws-access-key-pair", result.GetProperty("ruleId").GetString());
    }

    [Fact]
    public async Task ScanHistory_LeakInOldCommit_TableRowWithCommitAndNextStep()
    {
        var (repo, adding) = RepositoryWithLeakInHistory();
        using var _ = repo;
        var output = Path.Combine(repo.Path, "..", $"{Guid.NewGuid():N}.txt");

        var exit = await Run(
            "secrets", "scan", repo.Path, "--history", "--account", "737946103411", "--output", output);

        var text = await File.ReadAllTextAsync(output);
        File.Delete(output);
        Assert.Equal(1, exit);
        Assert.Contains(adding[..12], text, StringComparison.Ordinal);
        Assert.Contains("2023-11-06", text, StringComparison.Ordinal);
        Assert.Contains("src/settings.py:1", text, StringComparison.Ordinal);
        Assert.Contains($"awsharden incident investigate --key {TestKeys.KeyId}", text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestKeys.Secret, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanFolder_NoKeys_Exit0AndEmptyJson()
    {
        using var folder = new TempFolder();
        folder.Write("a.txt", $"docs say {TestKeys.DocsKeyId}\n");
        var output = Path.Combine(folder.Path, "report.json");

        var exit = await Run("secrets", "scan", folder.Path, "--format", "json", "--output", output);

        Assert.Equal(0, exit);
        var report = JsonDocument.Parse(await File.ReadAllTextAsync(output)).RootElement;
        Assert.Equal(0, report.GetProperty("findings").GetArrayLength());
    }

    [Theory]
    [InlineData("--format", "xml")]
    [InlineData("--account", "12345")]
    [InlineData("--bucket", "bucket-without-scheme")]
    public async Task Scan_UserMistake_UserErrorException(string flag, string value)
    {
        using var folder = new TempFolder();

        await Assert.ThrowsAsync<UserErrorException>(() => Run("secrets", "scan", folder.Path, flag, value));
    }

    [Fact]
    public async Task ScanHistory_NotARepository_UserErrorException()
    {
        using var folder = new TempFolder();

        await Assert.ThrowsAsync<UserErrorException>(() => Run("secrets", "scan", folder.Path, "--history"));
    }

    [Fact]
    public void Render_OwnedKey_NamesUserAndCommand()
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors,
        });
        var finding = new AwsHarden.Secrets.LeakedKeyFinding
        {
            KeyId = TestKeys.KeyId, AccountId = "737946103411", Severity = Severity.Low,
            Locations = [new() { Kind = AwsHarden.Secrets.SecretSourceKind.File, Root = "/r", Path = "a", Line = 1 }],
            Owner = new AwsHarden.Secrets.KeyOwner("737946103411", "ci-deploy", null),
        };

        SecretsTable.Render(console, [finding], []);

        Assert.Contains("(user ci-deploy)", writer.ToString(), StringComparison.Ordinal);
    }
}
