using System.Diagnostics;
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

    private static string Pair(string keyId = TestKeys.KeyId, string secret = TestKeys.Secret) =>
        $"aws_access_key_id = {keyId}\naws_secret_access_key = {secret}\n";

    private static JsonElement ReadJson(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement;

    // Case 003: the odd name is listed, the key beside it still reported, exit 1.
    [SkippableFact]
    public async Task ScanFolder_NameNotValidUtf8BesideKey_Exit1AndOddNameListed()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Linux file names are bytes");
        using var folder = new TempFolder();
        folder.Write("dir/good.txt", Pair());
        folder.Shell($"printf '{TestKeys.OtherKeyId}\\n' > \"dir/$(printf 'bad\\377name.txt')\"");
        var output = Path.Combine(folder.Path, "report.json");

        var exit = await Run("secrets", "scan", Path.Combine(folder.Path, "dir"), "--format", "json", "-o", output);

        Assert.Equal(SecretsScanCommand.ExitKeyFound, exit);
        var report = ReadJson(output);
        Assert.Equal(TestKeys.KeyId, report.GetProperty("findings")[0].GetProperty("keyId").GetString());
        Assert.False(report.GetProperty("complete").GetBoolean());
        var unreadable = Assert.Single(report.GetProperty("unreadable").EnumerateArray());
        Assert.EndsWith("bad\uFFFDname.txt", unreadable.GetProperty("path").GetString(), StringComparison.Ordinal);
    }

    // Cases 003/009: nothing found but something unreadable is no clean result: exit 2, report still written.
    [SkippableFact]
    public async Task ScanFolder_NothingFoundButUnreadable_UserErrorAndIncompleteReport()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Linux file names are bytes");
        using var folder = new TempFolder();
        folder.Write("dir/clean.txt", "nothing here\n");
        folder.Shell("printf 'x\\n' > \"dir/$(printf 'bad\\377name.txt')\"");
        var output = Path.Combine(folder.Path, "report.json");

        var error = await Assert.ThrowsAsync<UserErrorException>(() =>
            Run("secrets", "scan", Path.Combine(folder.Path, "dir"), "--format", "json", "-o", output));

        Assert.Contains("1 path could not be read", error.Message, StringComparison.Ordinal);
        var report = ReadJson(output);
        Assert.False(report.GetProperty("complete").GetBoolean());
        Assert.Equal(0, report.GetProperty("findings").GetArrayLength());
    }

    // Case 002: the command finished instead of hanging on a FIFO.
    [SkippableFact]
    public async Task ScanFolder_Fifo_Exit0WithoutHanging()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "FIFOs are Linux here");
        using var folder = new TempFolder();
        folder.Write("dir/a.txt", "hello\n");
        folder.Shell("mkfifo dir/pipe");
        var output = Path.Combine(folder.Path, "report.json");

        var exit = await Run("secrets", "scan", Path.Combine(folder.Path, "dir"), "--format", "json", "-o", output)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exit);
        Assert.True(ReadJson(output).GetProperty("complete").GetBoolean());
    }

    // Case 008: a missing blob made a history scan look clean; now it is exit 2 and named in the report.
    [Fact]
    public async Task ScanHistory_MissingBlob_UserErrorAndBlobListed()
    {
        using var repo = new TempFolder();
        repo.InitRepository();
        repo.Write("k.txt", Pair());
        repo.Commit("k", Day1);
        repo.Delete("k.txt");
        repo.Commit("rm", Day1.AddDays(1));
        var blob = repo.Git("rev-parse", "HEAD~1:k.txt");
        File.Delete(Path.Combine(repo.Path, ".git", "objects", blob[..2], blob[2..]));
        var output = Path.Combine(repo.Path, "..", $"{Guid.NewGuid():N}.json");

        var error = await Assert.ThrowsAsync<UserErrorException>(() =>
            Run("secrets", "scan", repo.Path, "--history", "--format", "json", "-o", output));

        var text = await File.ReadAllTextAsync(output);
        File.Delete(output);
        Assert.Contains("incomplete", error.Message, StringComparison.Ordinal);
        var unreadable = Assert.Single(JsonDocument.Parse(text).RootElement.GetProperty("unreadable").EnumerateArray());
        Assert.Equal("k.txt", unreadable.GetProperty("path").GetString());
        Assert.Contains(blob, unreadable.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    // Case 009 end to end, as an ordinary user: root reads files whatever their mode, so when the tests run
    // as root the CLI is started under uid 65534 with setpriv.
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    [SkippableFact]
    public void ScanFolder_FileAndFolderWithoutPermission_Exit2AndBothNamed()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "POSIX permissions");
        var asRoot = Environment.UserName == "root";
        Skip.If(asRoot && !File.Exists("/usr/bin/setpriv"), "needs setpriv to drop root");
        using var folder = new TempFolder();
        var secret = folder.Write("d/secret.txt", Pair());
        folder.Write("d/locked/creds.ini", Pair(TestKeys.OtherKeyId, TestKeys.OtherSecret));
        var locked = Path.Combine(folder.Path, "d", "locked");
        File.SetUnixFileMode(secret, UnixFileMode.None);
        File.SetUnixFileMode(locked, UnixFileMode.None);
        try
        {
            var (exit, stdout, stderr) = RunCli(asRoot, "secrets", "scan", Path.Combine(folder.Path, "d"));

            Assert.Equal(2, exit);
            Assert.Contains("2 could not be read", stdout, StringComparison.Ordinal);
            Assert.Contains("d/locked/ (permission denied)", stderr, StringComparison.Ordinal);
            Assert.Contains("d/secret.txt (permission denied)", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("No leaked AWS keys found.", stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    // Case 016, read-only folder: refused before scanning, as a one-line error. Run as an ordinary user.
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    [SkippableFact]
    public void Scan_OutputInReadOnlyFolder_Exit2BeforeScanning()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "POSIX permissions");
        var asRoot = Environment.UserName == "root";
        Skip.If(asRoot && !File.Exists("/usr/bin/setpriv"), "needs setpriv to drop root");
        using var folder = new TempFolder();
        folder.Write("dir/k.txt", Pair());
        var readOnly = Directory.CreateDirectory(Path.Combine(folder.Path, "ro")).FullName;
        File.SetUnixFileMode(readOnly, (UnixFileMode)0b101_101_101);

        var (exit, stdout, stderr) = RunCli(
            asRoot, "secrets", "scan", Path.Combine(folder.Path, "dir"), "-o", Path.Combine(readOnly, "x.json"));

        Assert.Equal(2, exit);
        Assert.Contains("is not writable", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Scanned", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected error", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    /// <summary>Runs the built CLI in its own process, as uid 65534 when this process is root.</summary>
    private static (int Exit, string Stdout, string Stderr) RunCli(bool dropRoot, params string[] args)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "awsharden.dll");
        var start = new ProcessStartInfo(dropRoot ? "/usr/bin/setpriv" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] prefix = dropRoot ? ["--reuid=65534", "--regid=65534", "--clear-groups", "dotnet", cli] : [cli];
        foreach (var arg in prefix.Concat(args))
            start.ArgumentList.Add(arg);
        start.Environment["HOME"] = Path.GetTempPath();
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(60_000))
            process.Kill();
        return (process.ExitCode, stdout.Result, stderr);
    }

    // Case 010: a bare repository has no files on disk; without --history its history is scanned.
    [Fact]
    public async Task ScanFolder_BareRepository_HistoryScannedExit1()
    {
        var (repo, adding) = RepositoryWithLeakInHistory();
        using var _ = repo;
        repo.Git("clone", "-q", "--bare", ".", "bare.git");
        var output = Path.Combine(repo.Path, "report.json");

        var exit = await Run("secrets", "scan", Path.Combine(repo.Path, "bare.git"), "--format", "json", "-o", output);

        Assert.Equal(SecretsScanCommand.ExitKeyFound, exit);
        var location = ReadJson(output).GetProperty("findings")[0].GetProperty("locations")[0];
        Assert.Equal("src/settings.py", location.GetProperty("path").GetString());
        Assert.Equal(adding, location.GetProperty("commit").GetString());
    }

    // Case 016: a directory or an empty name as --output is refused up front, one line, exit 2.
    [Theory]
    [InlineData("--output", true)]
    [InlineData("-o", true)]
    [InlineData("-o", false)]
    public async Task Scan_OutputIsDirectoryOrEmpty_UserErrorBeforeScanning(string flag, bool directory)
    {
        using var folder = new TempFolder();
        folder.Write("dir/k.txt", Pair());
        var target = directory ? Path.Combine(folder.Path, "dir") : "";

        var error = await Assert.ThrowsAsync<UserErrorException>(() =>
            Run("secrets", "scan", Path.Combine(folder.Path, "dir"), flag, target));

        Assert.Contains(directory ? "is a folder, not a file" : "needs a file path", error.Message,
            StringComparison.Ordinal);
        var left = Directory.GetFileSystemEntries(Path.Combine(folder.Path, "dir")).Select(Path.GetFileName);
        Assert.Equal(["k.txt"], left);
    }

    // Cases 017 and 023 in the table: a newline in a name stays on one row; an undecodable account is "unknown".
    [Fact]
    public void Render_NewlineInPathAndUnknownAccount_OneRowWithUnknown()
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 200;
        var finding = new AwsHarden.Secrets.LeakedKeyFinding
        {
            KeyId = "AKIAOZUDECYXYM4ONAN4",
            AccountId = AwsHarden.Secrets.AccessKeyIds.DecodeAccountId("AKIAOZUDECYXYM4ONAN4"),
            Severity = Severity.Low,
            Locations = [new() { Kind = AwsHarden.Secrets.SecretSourceKind.File, Root = "/r", Path = "we ird\nnl.txt",
                Line = 1 }],
        };

        SecretsTable.Render(console, [finding], []);

        var row = writer.ToString().Split('\n')
            .Single(l => l.Contains("AKIAOZUDECYXYM4ONAN4", StringComparison.Ordinal));
        Assert.Contains("we ird\\nnl.txt:1", row, StringComparison.Ordinal);
        Assert.Contains("unknown", row, StringComparison.Ordinal);
    }
}
