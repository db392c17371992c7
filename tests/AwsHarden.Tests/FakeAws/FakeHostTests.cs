using System.Diagnostics;
using System.Text.RegularExpressions;
using AwsHarden.FakeAws;
using AwsHarden.Tests.Cli;
using AwsHarden.Tests.Incident;

namespace AwsHarden.Tests.FakeAws;

/// <summary>The README's way to apply the incident plans without an AWS account: the fake host program serves
/// the example account, writes the environment file, prints the writes it receives and cleans up when stopped.
/// </summary>
public sealed partial class FakeHostTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("awsharden-fake-host-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The host's build output, beside this test project's (same configuration).</summary>
    private static string HostDll()
    {
        var output = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var configuration = output.Parent!.Name;
        return Path.Combine(TrailFixtures.RepoRoot(), "tests", "AwsHarden.FakeAws.Host", "bin", configuration,
            "net10.0", "fake-aws.dll");
    }

    private static Process StartHost(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
            WorkingDirectory = TrailFixtures.RepoRoot(),
        };
        start.ArgumentList.Add(HostDll());
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    [GeneratedRegex("^export ([A-Z_]+)='([^']*)'$")]
    private static partial Regex ExportLine();

    [Fact]
    public async Task Host_ContainAgainstIt_WritesPrintedAndEnvironmentFileRemovedOnStop()
    {
        var envFile = Path.Combine(folder, "fake-aws.env");
        using var host = StartHost("--env-file", envFile);
        var stderr = new System.Text.StringBuilder();
        var ready = new TaskCompletionSource();
        host.ErrorDataReceived += (_, e) =>
        {
            lock (stderr) stderr.AppendLine(e.Data);
            if (e.Data?.Contains("fake-aws: ready", StringComparison.Ordinal) == true) ready.TrySetResult();
        };
        host.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromMinutes(1));
            var environment = File.ReadAllLines(envFile).Select(l => ExportLine().Match(l)).Where(m => m.Success)
                .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            Assert.Equal(FakeExamples.ResponderKey, environment["AWS_ACCESS_KEY_ID"]);
            Assert.StartsWith("http://127.0.0.1:", environment["AWS_ENDPOINT_URL"]);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(envFile));

            var contain = await CliRunner.RunAsync(["incident", "contain", "--key", FakeExamples.LeakedKey, "--logs",
                ExampleTrail.Folder(), "--yes", "--journal", "contain.jsonl"], environment, folder);

            Assert.True(contain.ExitCode == 0, contain.Stdout + contain.Stderr);
            Assert.Contains("contain-01 Applied: Deactivate access key AKIAIOSFODNN7EXAMPLE of user ci-deploy",
                contain.Stdout);
        }
        finally
        {
            var pid = host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var kill = Process.Start("kill", ["-TERM", pid]);
            await kill.WaitForExitAsync();
            await host.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        string log;
        lock (stderr) log = stderr.ToString();
        Assert.Equal(0, host.ExitCode);
        Assert.Contains("fake-aws: iam:UpdateAccessKey in us-east-1: 200", log);
        Assert.Contains("fake-aws: iam:DeleteLoginProfile in us-east-1: 200", log);
        Assert.DoesNotContain("GetCallerIdentity", log);
        Assert.Matches(@"fake-aws: stopped after \d+ calls, 5 of them writes\.", log);
        Assert.False(File.Exists(envFile));
    }

    [Theory]
    [InlineData("--example", "prod", "unknown example 'prod'")]
    [InlineData("--env-file", null, "--env-file needs a value.")]
    [InlineData("--bogus", null, "unknown argument '--bogus'.")]
    public async Task Host_BadArgument_OneLineAndExitTwo(string option, string? value, string message)
    {
        using var host = value is null ? StartHost(option) : StartHost(option, value);
        var stderr = await host.StandardError.ReadToEndAsync();
        await host.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, host.ExitCode);
        Assert.StartsWith("fake-aws: " + message, stderr);
        Assert.Contains("usage:", stderr);
    }
}
