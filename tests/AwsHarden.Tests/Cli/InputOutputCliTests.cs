using System.Diagnostics;

namespace AwsHarden.Tests.Cli;

/// <summary>Input files, option values, output paths and message shape, across every command (cases 006, 008,
/// 012, 015, 017 and 019 of the newcomer test).</summary>
public sealed class InputOutputCliTests : IDisposable
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("awsharden-io-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> FileOptions() => new()
    {
        "audit --snapshot {0}",
        "fix plan --snapshot {0}",
        "audit --demo --config {0}",
        "fix apply {0}",
        "secrets scan {1} --allow-file {0}",
        "incident investigate --key AKIAIOSFODNN7EXAMPLE --offline --logs {0}",
    };

    [SkippableTheory]
    [MemberData(nameof(FileOptions))]
    public async Task FileOption_Fifo_ExitsTwoInsteadOfHanging(string command)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "FIFOs are made with mkfifo on Linux");
        var fifo = Path.Combine(_dir, "ff");
        Run("mkfifo", fifo);

        var result = await CliRunner.RunAsync(Args(command, fifo), timeout: Quick);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is a FIFO (named pipe), not a file", result.Stderr);
    }

    [SkippableTheory]
    [MemberData(nameof(FileOptions))]
    public async Task FileOption_DevZero_ExitsTwoWithoutReading(string command)
    {
        Skip.IfNot(File.Exists("/dev/zero"), "no /dev/zero here");

        var result = await CliRunner.RunAsync(Args(command, "/dev/zero"), timeout: Quick);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is a device, not a file", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task Audit_ThreeGigabyteSnapshot_ExitsTwoNamingTheSize()
    {
        var huge = Path.Combine(_dir, "huge.json");
        using (var stream = File.Create(huge))
            stream.SetLength(3L << 30);

        var result = await CliRunner.RunAsync(["audit", "--snapshot", huge], timeout: Quick);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is 3.0 GB; a snapshot is at most 256 MiB", result.Stderr);
    }

    [Theory]
    [InlineData("audit --snapshot {0} -o {0} --format json")]
    [InlineData("fix plan --snapshot {0} --output {0}")]
    [InlineData("audit --demo --config {0} -o {0}")]
    [InlineData("secrets scan {0} -o {0}")]
    [InlineData("fix apply {0} --yes --journal {0}")]
    public async Task Output_SameFileAsAnInput_RefusedAndInputKept(string command)
    {
        var input = Path.Combine(_dir, "input.json");
        const string content = "{\"schemaVersion\": 1, \"tool\": \"awsharden\"}";
        await File.WriteAllTextAsync(input, content);

        var result = await CliRunner.RunAsync(Args(command, input), timeout: Quick);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is the same file as", result.Stderr);
        Assert.Equal(content, await File.ReadAllTextAsync(input));
    }

    [Fact]
    public async Task Output_SymlinkToTheSnapshot_Refused()
    {
        var input = Path.Combine(_dir, "snap.json");
        await File.WriteAllTextAsync(input, "{}");
        var link = Path.Combine(_dir, "report.json");
        File.CreateSymbolicLink(link, input);

        var result = await CliRunner.RunAsync(["audit", "--snapshot", input, "-o", link], timeout: Quick);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--output is the same file as --snapshot ({input})", result.Stderr);
        Assert.Equal("{}", await File.ReadAllTextAsync(input));
    }

    [Theory]
    [InlineData("incident investigate --key --logs {1}", "--key needs a value")]
    [InlineData("incident investigate --logs {1} --key", "--key needs a value")]
    [InlineData("audit --config --demo", "--config needs a value")]
    [InlineData("secrets scan {1} --allow-key", "--allow-key needs a value")]
    [InlineData("secrets scan {1} --allow-path", "--allow-path needs a value")]
    [InlineData("audit --demo -o", "--output needs a value")]
    public async Task Option_WithoutValue_NamesTheOption(string command, string expected)
    {
        var result = await CliRunner.RunAsync(Args(command, ""), timeout: Quick);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.DoesNotContain("__default_command", result.Stderr);
    }

    [Fact]
    public async Task Stderr_Redirected_KeepsALongPathOnOneLine()
    {
        var logs = Path.Combine(_dir, new string('x', 120), "logs");
        CopyFolder(Path.Combine(RepoPaths.RequireRoot(), "examples", "incident"), logs);
        var file = Directory.EnumerateFiles(logs, "*eu-west-1_20240801T0915Z*", SearchOption.AllDirectories).First();
        var bytes = await File.ReadAllBytesAsync(file);
        await File.WriteAllBytesAsync(file, bytes[..^30]);

        var result = await CliRunner.RunAsync(
            ["incident", "investigate", "--key", "AKIAIOSFODNN7EXAMPLE", "--offline", "--logs", logs], timeout: Quick);

        var line = Assert.Single(result.Stderr.Split('\n'),
            l => l.StartsWith("broken file ", StringComparison.Ordinal));
        Assert.Contains(file, line);
    }

    [Theory]
    [InlineData("audit --demo --config {0}", "tab character")]
    [InlineData("audit --demo --regions ,", "--regions is empty")]
    [InlineData("secrets scan {1} --max-file-bytes 99999999999999999999", "is not a whole number up to")]
    [InlineData("audit --demo -o /proc/x", "the folder '/proc' does not accept new files")]
    [InlineData("fix undo {2}", "does not exist")]
    public async Task Message_PlainWords_NoDotNetNames(string command, string expected)
    {
        var tab = Path.Combine(_dir, "tab.yaml");
        await File.WriteAllTextAsync(tab, "\t- a\n");

        var result = await CliRunner.RunAsync(
            Args(command, tab, Path.Combine(_dir, "missing-journal.jsonl")), timeout: Quick);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.DoesNotMatch(@"Exception|Int64|AwsHarden\.|__default", result.Stderr);
    }

    [SkippableFact]
    public async Task Output_DevNull_RefusedRatherThanReplaced()
    {
        Skip.IfNot(File.Exists("/dev/null"), "no /dev/null here");

        var result = await CliRunner.RunAsync(["audit", "--demo", "-o", "/dev/null"], timeout: Quick);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not a regular file", result.Stderr);
    }

    [Fact]
    public async Task Audit_ExpiredSuppression_WarnsOnStderr()
    {
        var config = Path.Combine(_dir, "expired.yaml");
        await File.WriteAllTextAsync(config,
            "suppressions:\n  - check: iam.password-policy\n    reason: x\n    expires: 2020-01-01\n");

        var result = await CliRunner.RunAsync(["audit", "--demo", "--config", config], timeout: Quick);

        Assert.Contains("suppression of iam.password-policy expired on 2020-01-01", result.Stderr);
    }

    [Fact]
    public async Task Audit_SnapshotWithNullTrails_SaysMissingOrNull()
    {
        var snapshot = Path.Combine(_dir, "s.json");
        await File.WriteAllTextAsync(snapshot, "{\"schemaVersion\":1,\"tool\":\"awsharden\",\"trails\":null}");

        var result = await CliRunner.RunAsync(["audit", "--snapshot", snapshot], timeout: Quick);

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain("AwsHarden.Model", result.Stderr);
        Assert.DoesNotContain("constructor", result.Stderr);
    }

    [Fact]
    public async Task UserOffboard_NoTerminal_HintDoesNotPointAtFixPlan()
    {
        var result = await CliRunner.RunAsync(["user", "offboard", "bob"], timeout: Quick);

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain("fix plan", result.Stderr);
        Assert.Contains("--yes", result.Stderr);
    }

    [Fact]
    public async Task IncidentInvestigate_ShortOutputOption_WritesTheReport()
    {
        var report = Path.Combine(_dir, "x.md");
        var logs = Path.Combine(RepoPaths.RequireRoot(), "examples", "incident");

        var result = await CliRunner.RunAsync(["incident", "investigate", "--key", "AKIAIOSFODNN7EXAMPLE", "--offline",
            "--logs", logs, "--format", "markdown", "-o", report], timeout: TimeSpan.FromMinutes(1));

        Assert.Equal(0, result.ExitCode);
        Assert.True(new FileInfo(report).Length > 0);
    }

    // {0} is the file under test, {1} a small harmless file to scan, {2} a path that does not exist.
    private string[] Args(string command, string file, string? missing = null)
    {
        var scanned = Path.Combine(_dir, "scanned.txt");
        File.WriteAllText(scanned, "nothing here\n");
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, command, file, scanned,
                missing ?? Path.Combine(_dir, "missing"))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
