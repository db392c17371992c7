using System.Diagnostics;

namespace AwsHarden.Tests.Cli;

/// <summary>Runs the real <c>awsharden</c> program as a child process, as a user would, with a controlled
/// environment (no credentials or endpoints leak in from the machine running the tests).</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    private static readonly string[] ClearedVariables =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
        "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
    ];

    public static async Task<Result> RunAsync(
        IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, string? workingDirectory = null,
        TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "awsharden.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Isolate(start, env);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start awsharden");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"awsharden {string.Join(' ', args)} did not finish in time");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    private static void Isolate(ProcessStartInfo start, IReadOnlyDictionary<string, string>? env)
    {
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var name in ClearedVariables)
        {
            start.Environment.Remove(name);
        }

        // No ~/.aws of the machine: point the SDK at files that do not exist unless the test gives its own.
        var nowhere = Path.Combine(Path.GetTempPath(), "awsharden-tests-no-aws");
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(nowhere, "config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(nowhere, "credentials");
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["NO_COLOR"] = "1";
        start.Environment["COLUMNS"] = "200";

        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
    }
}
