using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using AwsHarden.Incident;

namespace AwsHarden.Bench;

/// <summary>
/// Times <c>incident investigate</c> on at least 1 GB of generated gzip'd CloudTrail logs against <c>zcat</c> of
/// the same files and <c>jq</c> selecting the same key. Usage: <c>incident [GB] [cache-dir]</c>. The
/// investigation runs in a child process (<c>incident-run DIR KEY</c>) so its peak memory is its own.
/// </summary>
public static class IncidentBenchmark
{
    private const string LeakedKey = "AKIABENCHLEAKED00001";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args[0] == "incident-run") return await RunInvestigationAsync(args[1], args[2]);

        var gigabytes = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 1.0;
        var dir = args.Length > 2 ? args[2] : "/tmp/awsharden-bench/incident";
        var bytes = await IncidentTrailGenerator.EnsureAsync(dir, (long)(gigabytes * 1024 * 1024 * 1024), LeakedKey);
        var files = Directory.GetFiles(dir, "*.json.gz", SearchOption.AllDirectories).Length;
        Console.WriteLine($"input: {files} files, {bytes / 1048576.0:F0} MiB gzip'd, in {dir}");

        var zcat = Measure("zcat", $"find '{dir}' -name '*.json.gz' -print0 | xargs -0 zcat > /dev/null");
        var self = Environment.ProcessPath!;
        var dll = typeof(IncidentBenchmark).Assembly.Location;
        var investigate = Measure("investigate",
            $"'{self}' {(self.EndsWith("dotnet") ? $"'{dll}' " : "")}incident-run '{dir}' {LeakedKey}");
        var jq = Measure("jq", $"find '{dir}' -name '*.json.gz' -print0 | xargs -0 zcat | jq -c "
            + $"'.Records[] | select(.userIdentity.accessKeyId == \"{LeakedKey}\") | .eventName' > /dev/null");

        Console.WriteLine($"investigate / zcat = {investigate.Seconds / zcat.Seconds:F2}x; "
            + $"jq / zcat = {jq.Seconds / zcat.Seconds:F2}x");
        return 0;
    }

    private sealed record Timing(double Seconds, long PeakKb);

    /// <summary>Runs a shell pipeline under /usr/bin/time and prints its wall time and peak RSS.</summary>
    private static Timing Measure(string name, string pipeline)
    {
        var stats = Path.GetTempFileName();
        var psi = new ProcessStartInfo("/usr/bin/time", ["-f", "%e %M", "-o", stats, "bash", "-c", pipeline])
        {
            RedirectStandardOutput = false,
        };
        var watch = Stopwatch.StartNew();
        using (var p = Process.Start(psi)!) p.WaitForExit();
        watch.Stop();

        var parts = File.ReadAllText(stats).Trim().Split('\n')[^1].Split(' ');
        File.Delete(stats);
        var timing = new Timing(watch.Elapsed.TotalSeconds, long.Parse(parts[1], CultureInfo.InvariantCulture));
        // %M is the largest single process in the pipeline, which for zcat|jq is the larger of the two.
        Console.WriteLine($"{name,-12} wall {timing.Seconds,7:F1} s   peak RSS {timing.PeakKb / 1024.0,7:F0} MiB");
        return timing;
    }

    private static async Task<int> RunInvestigationAsync(string dir, string key)
    {
        var report = await new IncidentInvestigator(TimeProvider.System).InvestigateAsync(new InvestigationRequest
        {
            Seeds = new LineageSeeds { AccessKeyIds = [key] }, LogPaths = [dir],
        });
        var nodes = string.Join(" ", report.Lineage.Select(n => n.Id));
        Console.WriteLine($"  events read {report.Read.EventsRead:N0}; lineage: {nodes}; "
            + $"timeline {report.Timeline.Count} events; revert {report.Revert.Steps.Count} steps");
        return 0;
    }
}
