using System.Collections.Concurrent;

namespace AwsHarden.Incident;

/// <summary>A file that could not be read to its end: its path and where and why it broke.</summary>
public sealed record BrokenFile(string Path, string Reason);

/// <summary>
/// What a read covered: files read, files skipped by kind, files that broke (with where), and records
/// dropped. Safe to update from several reading threads.
/// </summary>
public sealed class ReadReport
{
    private int _filesRead, _digestFiles, _insightsFiles, _otherFiles;
    private long _events, _bytes, _recordsWithoutTime, _recordsWithoutName, _insightRecords;
    private readonly ConcurrentQueue<BrokenFile> _broken = new();

    public int FilesRead => _filesRead;
    /// <summary>Digest files (<c>CloudTrail-Digest/</c>, no <c>Records</c>): integrity data, not events.</summary>
    public int DigestFilesSkipped => _digestFiles;
    /// <summary>Insights files (<c>CloudTrail-Insight/</c>, no <c>userIdentity</c>): anomaly summaries.</summary>
    public int InsightsFilesSkipped => _insightsFiles;
    /// <summary>Files that are not CloudTrail JSON at all (HTML, scripts, empty files).</summary>
    public int OtherFilesSkipped => _otherFiles;
    public long EventsRead => Interlocked.Read(ref _events);
    /// <summary>Bytes as stored on disk, compressed or not.</summary>
    public long BytesRead => Interlocked.Read(ref _bytes);
    public long RecordsWithoutTime => Interlocked.Read(ref _recordsWithoutTime);
    public long RecordsWithoutName => Interlocked.Read(ref _recordsWithoutName);
    public long InsightRecordsSkipped => Interlocked.Read(ref _insightRecords);
    public IReadOnlyList<BrokenFile> BrokenFiles => [.. _broken];

    internal void FileRead() => Interlocked.Increment(ref _filesRead);
    internal void DigestFile() => Interlocked.Increment(ref _digestFiles);
    internal void InsightsFile() => Interlocked.Increment(ref _insightsFiles);
    internal void OtherFile() => Interlocked.Increment(ref _otherFiles);
    internal void Broken(string path, string reason) => _broken.Enqueue(new BrokenFile(path, reason));
    internal void Bytes(long n) => Interlocked.Add(ref _bytes, n);
    internal void Events(long n) => Interlocked.Add(ref _events, n);
    internal void WithoutTime() => Interlocked.Increment(ref _recordsWithoutTime);
    internal void WithoutName() => Interlocked.Increment(ref _recordsWithoutName);
    internal void InsightRecord() => Interlocked.Increment(ref _insightRecords);
}

/// <summary>How to read: time window, which records keep their payload, and limits.</summary>
public sealed record CloudTrailReadOptions
{
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
    /// <summary>
    /// Given an event name, whether to keep request parameters and response elements. Null keeps all;
    /// a narrow predicate saves most of the copying when only a few kinds of record need them.
    /// </summary>
    public Func<string, bool>? KeepPayload { get; init; }
    /// <summary>
    /// When set, only records with these names are materialised; of every other record only its actors are
    /// noted, per file, in the reader's <see cref="ActorIndex"/> (see <see cref="LineageGraph.TokensOf"/>).
    /// Much faster for a first pass over a whole trail.
    /// </summary>
    public IReadOnlySet<string>? MaterializeOnly { get; init; }
    /// <summary>
    /// With <see cref="MaterializeOnly"/>, the tokens of each record that is materialised, added to its file's
    /// filter like the actors of scanned records, so one filter per file holds them all.
    /// </summary>
    public Func<CloudTrailEvent, IEnumerable<string>>? MaterializedTokens { get; init; }
    /// <summary>Files read at once; each reader holds one buffer.</summary>
    public int Parallelism { get; init; } = Math.Max(1, Environment.ProcessorCount);
    /// <summary>A single record larger than this marks its file broken instead of growing the buffer further.</summary>
    public int MaxRecordBytes { get; init; } = 64 * 1024 * 1024;
}
