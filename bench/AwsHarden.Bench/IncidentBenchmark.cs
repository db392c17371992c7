using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using AwsHarden.Incident;

namespace AwsHarden.Bench;

/// <summary>
/// Times <c>incident investigate</c> on at least 1 GB of generated gzip'd CloudTrail logs against <c>zcat</c> of
/// the same files and <c>jq</c> selecting the same key. Usage: <c>incident [GB] [cache-dir] [copies]</c>;
/// copies &gt; 1 hard-links the generated trail that many times under one folder, for a bigger input at no cost
/// in disk (no jq then). <c>incident-heavy [GB] [cache-dir]</c> makes the leaked key itself 40 % of all calls (no jq).
/// The investigation runs in a child process (<c>incident-run DIR KEY</c>) so its peak memory is its own.
/// </summary>
public static class IncidentBenchmark
{
    private const string LeakedKey = "AKIABENCHLEAKED00001";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args[0] == "incident-run") return await RunInvestigationAsync(args[1], args[2]);

        var heavy = args[0] == "incident-heavy";
        var gigabytes = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 1.0;
        var dir = args.Length > 2 ? args[2] : "/tmp/awsharden-bench/incident" + (heavy ? "-heavy" : "");
        var bytes = await IncidentTrailGenerator.EnsureAsync(dir, (long)(gigabytes * 1024 * 1024 * 1024), LeakedKey,
            heavy ? 0.4 : 0);
        var copies = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1;
        if (copies > 1) (dir, bytes) = (Copies(dir, copies), bytes * copies);
        var files = Directory.GetFiles(dir, "*.json.gz", SearchOption.AllDirectories).Length;
        Console.WriteLine($"input: {files} files, {bytes / 1048576.0:F0} MiB gzip'd, in {dir}");

        var zcat = Measure("zcat", $"find '{dir}' -name '*.json.gz' -print0 | xargs -0 zcat > /dev/null");
        var self = Environment.ProcessPath!;
        var dll = typeof(IncidentBenchmark).Assembly.Location;
        var investigate = Measure("investigate",
            $"'{self}' {(self.EndsWith("dotnet") ? $"'{dll}' " : "")}incident-run '{dir}' {LeakedKey}");
        if (heavy || copies > 1)
        {
            Console.WriteLine($"investigate / zcat = {investigate.Seconds / zcat.Seconds:F2}x");
            return 0;
        }
        var jq = Measure("jq", $"find '{dir}' -name '*.json.gz' -print0 | xargs -0 zcat | jq -c "
            + $"'.Records[] | select(.userIdentity.accessKeyId == \"{LeakedKey}\") | .eventName' > /dev/null");

        Console.WriteLine($"investigate / zcat = {investigate.Seconds / zcat.Seconds:F2}x; "
            + $"jq / zcat = {jq.Seconds / zcat.Seconds:F2}x");
        return 0;
    }

    /// <summary>The trail hard-linked <paramref name="copies"/> times under <c>DIR-xN/copy-K/</c>.</summary>
    private static string Copies(string dir, int copies)
    {
        var target = $"{dir.TrimEnd('/')}-x{copies}";
        for (var k = 0; k < copies; k++)
        {
            var copy = Path.Combine(target, $"copy-{k}");
            if (Directory.Exists(copy)) continue;
            Directory.CreateDirectory(target);
            using var p = Process.Start("cp", ["-al", Path.Combine(dir, "AWSLogs"), copy + ".tmp"])!;
            p.WaitForExit();
            Directory.Move(copy + ".tmp", copy);
        }
        return target;
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
        using var report = await new IncidentInvestigator(TimeProvider.System).InvestigateAsync(new InvestigationRequest
        {
            Seeds = new LineageSeeds { AccessKeyIds = [key] }, LogPaths = [dir],
        });
        var nodes = report.Lineage.Count <= 16 ? string.Join(" ", report.Lineage.Select(n => n.Id))
            : $"{report.Lineage.Count} nodes";
        // The report is written whole, as the CLI would, so the spilled timeline is read back too.
        var written = new CountingStream();
        await InvestigationJsonWriter.WriteAsync(report, written);
        Console.WriteLine($"  events read {report.Read.EventsRead:N0}; lineage: {nodes}; "
            + $"timeline {report.Timeline.Count:N0} events; revert {report.Revert.Steps.Count:N0} steps; "
            + $"JSON report {written.Length / 1048576.0:F0} MiB");
        return 0;
    }

    /// <summary>Counts what is written and keeps nothing.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }
}
