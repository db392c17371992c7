using System.Diagnostics;
using System.Globalization;
using System.Text;
using AwsHarden.Secrets;

namespace AwsHarden.Bench;

/// <summary>
/// Generates a large git repository with planted keys and compares the history scan with
/// <c>git log -p --all | grep -E 'AKIA|ASIA'</c> over it: wall time and peak RSS of each, in one run.
/// </summary>
public static class SecretsBenchmark
{
    private const int Directories = 500;
    private const int FilesPerDirectory = 100;
    private const int Commits = 20_000;
    private const int LeakEvery = 997;
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string Base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+";

    /// <summary><c>secrets [REPO]</c> compares; <c>secrets --scan-only REPO</c> is the measured child.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length >= 3 && args[1] == "--scan-only")
            return await ScanOnlyAsync(args[2]);

        var repo = args.Length >= 2 ? args[1] : Path.Combine(Path.GetTempPath(), "awsharden-bench-secrets");
        if (!Directory.Exists(Path.Combine(repo, ".git")))
        {
            var build = Stopwatch.StartNew();
            var planted = await GenerateAsync(repo);
            Console.WriteLine($"generated {repo}: {Commits} commits, {Directories * FilesPerDirectory} files, "
                + $"{planted} planted keys in {build.Elapsed.TotalSeconds:F1} s");
        }

        var size = Run("du", "-sb", Path.Combine(repo, ".git")).Split('\t')[0];
        Console.WriteLine($"repository .git size: {long.Parse(size, CultureInfo.InvariantCulture) / 1048576.0:F1} MiB");

        var baseline = Measure("bash", "-c", $"cd '{repo}' && git log -p --all | grep -cE 'AKIA|ASIA'");
        Console.WriteLine($"git log -p --all | grep: {baseline}");
        var self = Environment.ProcessPath!;
        string[] selfArgs = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? [typeof(SecretsBenchmark).Assembly.Location, "secrets", "--scan-only", repo]
            : ["secrets", "--scan-only", repo];
        var scan = Measure(self, selfArgs);
        Console.WriteLine($"awsharden history scan:   {scan}");
        return 0;
    }

    private static async Task<int> ScanOnlyAsync(string repo)
    {
        var source = new GitHistorySource(new SecretScanOptions());
        var hits = await source.ScanAsync(repo, CancellationToken.None);
        var findings = LeakedKeyFindings.FromHits(hits);
        Console.WriteLine($"{findings.Count} keys at {hits.Count} locations; {source.Statistics.Commits} commits, "
            + $"{source.Statistics.FilesScanned} blobs");
        return 0;
    }

    /// <summary>Wall time and peak RSS via GNU time; the command's last output line is appended.</summary>
    private static string Measure(string file, params string[] args)
    {
        const string format = "TIME %e s wall, %U s user + %S s sys CPU, peak RSS %M KiB";
        var output = Run("/usr/bin/time", ["-f", format, file, .. args], mergeError: true);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return $"{lines.Last(l => l.StartsWith("TIME", StringComparison.Ordinal))[5..]} "
            + $"({lines.FirstOrDefault(l => !l.StartsWith("TIME", StringComparison.Ordinal))?.Trim()})";
    }

    private static string Run(string file, string[] args, bool mergeError = false)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return mergeError ? output + "\n" + error.Result : output;
    }

    private static string Run(string file, params string[] args) => Run(file, args, mergeError: false);

    /// <summary>Streams a fast-import script into git; returns how many key pairs were planted.</summary>
    private static async Task<int> GenerateAsync(string repo)
    {
        Directory.CreateDirectory(repo);
        Run("git", "-C", repo, "init", "-q", "-b", "main");

        var start = new ProcessStartInfo("git") { RedirectStandardInput = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-C", repo, "fast-import", "--quiet" })
            start.ArgumentList.Add(arg);
        using var git = Process.Start(start)!;
        var planted = 0;
        await using (var input = new StreamWriter(git.StandardInput.BaseStream, new UTF8Encoding(false), 1 << 20))
        {
            input.NewLine = "\n";
            var random = new Random(20_000);
            for (var commit = 1; commit <= Commits; commit++)
                planted += await WriteCommitAsync(input, random, commit);
        }
        await git.WaitForExitAsync();
        Run("git", "-C", repo, "checkout", "-q", "-f", "main");
        return planted;
    }

    private static async Task<int> WriteCommitAsync(StreamWriter input, Random random, int commit)
    {
        var when = 1_600_000_000 + commit * 600L;
        var body = new StringBuilder()
            .Append("commit refs/heads/main\n")
            .Append(CultureInfo.InvariantCulture, $"mark :{commit}\n")
            .Append(CultureInfo.InvariantCulture, $"author Bench <bench@example.com> {when} +0000\n")
            .Append(CultureInfo.InvariantCulture, $"committer Bench <bench@example.com> {when} +0000\n");
        AppendData(body, $"change {commit}\n");
        if (commit > 1)
            body.Append(CultureInfo.InvariantCulture, $"from :{commit - 1}\n");

        var planted = 0;
        if (commit == 1)
        {
            for (var d = 0; d < Directories; d++)
                for (var f = 0; f < FilesPerDirectory; f++)
                    AppendFile(body, $"src/m{d:D3}/f{f:D3}.py", Source(random, commit));
        }
        else
        {
            for (var i = 0; i < 2; i++)
                AppendFile(body, RandomPath(random), Source(random, commit));
            if (commit % LeakEvery == 0)
            {
                AppendFile(body, $"deploy/leak{commit}.env", Leak(random));
                planted++;
            }
            if (commit % LeakEvery == 10 && commit > LeakEvery)
                body.Append(CultureInfo.InvariantCulture, $"D deploy/leak{commit - 10}.env\n");
        }

        await input.WriteAsync(body);
        return planted;
    }

    private static string RandomPath(Random random) =>
        $"src/m{random.Next(Directories):D3}/f{random.Next(FilesPerDirectory):D3}.py";

    private static void AppendFile(StringBuilder body, string path, string content)
    {
        body.Append(CultureInfo.InvariantCulture, $"M 100644 inline {path}\n");
        AppendData(body, content);
    }

    private static void AppendData(StringBuilder body, string content) =>
        body.Append(CultureInfo.InvariantCulture, $"data {Encoding.UTF8.GetByteCount(content)}\n{content}\n");

    private static string Source(Random random, int commit)
    {
        var text = new StringBuilder();
        var lines = 15 + random.Next(20);
        for (var i = 0; i < lines; i++)
            text.Append(CultureInfo.InvariantCulture, $"v_{i} = compute({random.Next()}, \"{commit}\")  # {i}\n");
        return text.ToString();
    }

    private static string Leak(Random random) =>
        $"AWS_ACCESS_KEY_ID=AKIA{Pick(random, Base32, 16)}\nAWS_SECRET_ACCESS_KEY={Pick(random, Base64, 40)}\n";

    private static string Pick(Random random, string alphabet, int length) =>
        string.Create(length, (random, alphabet), (span, s) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = s.alphabet[s.random.Next(s.alphabet.Length)];
        });
}
