using System.IO.Enumeration;

namespace AwsHarden.Secrets;

/// <summary>Limits and allowlists for a secrets scan.</summary>
public sealed record SecretScanOptions
{
    /// <summary>Files and objects larger than this are skipped (and counted), not read.</summary>
    public long MaxFileBytes { get; init; } = 5 * 1024 * 1024;
    /// <summary>Key ids known to be harmless here (test fixtures, revoked canaries).</summary>
    public IReadOnlySet<string> AllowedKeyIds { get; init; } = new HashSet<string>(StringComparer.Ordinal);
    /// <summary>Path globs (<c>*</c>, <c>?</c>; matched against the relative path) never reported.</summary>
    public IReadOnlyList<string> AllowedPaths { get; init; } = [];

    /// <summary>True when the allowlists turn this hit aside.</summary>
    public bool IsAllowed(SecretHit hit) =>
        AllowedKeyIds.Contains(hit.Key.KeyId)
        || AllowedPaths.Any(glob => FileSystemName.MatchesSimpleExpression(glob, hit.Location.Path, ignoreCase: false));
}

/// <summary>Counts of what a source read and skipped, for the scan summary on stderr.</summary>
public sealed class ScanStatistics
{
    private long _filesScanned;
    private long _bytesScanned;
    private long _skippedBinary;
    private long _skippedTooLarge;

    public long FilesScanned => Interlocked.Read(ref _filesScanned);
    public long BytesScanned => Interlocked.Read(ref _bytesScanned);
    public long SkippedBinary => Interlocked.Read(ref _skippedBinary);
    public long SkippedTooLarge => Interlocked.Read(ref _skippedTooLarge);
    /// <summary>Commits walked in history mode.</summary>
    public long Commits { get; internal set; }

    internal void Scanned(long bytes)
    {
        Interlocked.Increment(ref _filesScanned);
        Interlocked.Add(ref _bytesScanned, bytes);
    }

    internal void Binary() => Interlocked.Increment(ref _skippedBinary);

    internal void TooLarge() => Interlocked.Increment(ref _skippedTooLarge);
}
