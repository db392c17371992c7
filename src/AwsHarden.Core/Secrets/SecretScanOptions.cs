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

/// <summary>A file, blob or object that was found but could not be read, and why.</summary>
public sealed record UnreadableItem(string Path, string Reason);

/// <summary>Counts of what a source read and skipped, for the scan summary on stderr.</summary>
public sealed class ScanStatistics
{
    private long _filesScanned;
    private long _bytesScanned;
    private long _skippedBinary;
    private long _skippedTooLarge;
    private long _skippedSpecial;
    private long _skippedSymlinks;
    private readonly System.Collections.Concurrent.ConcurrentQueue<UnreadableItem> _unreadable = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _notes = new();

    public long FilesScanned => Interlocked.Read(ref _filesScanned);
    public long BytesScanned => Interlocked.Read(ref _bytesScanned);
    public long SkippedBinary => Interlocked.Read(ref _skippedBinary);
    public long SkippedTooLarge => Interlocked.Read(ref _skippedTooLarge);
    /// <summary>FIFOs, sockets and devices: reading one could block forever or never end.</summary>
    public long SkippedSpecial => Interlocked.Read(ref _skippedSpecial);
    /// <summary>Symbolic links, never followed: their target is scanned where it lives, if under a PATH.</summary>
    public long SkippedSymlinks => Interlocked.Read(ref _skippedSymlinks);
    /// <summary>Commits walked in history mode.</summary>
    public long Commits { get; internal set; }

    /// <summary>What was found but could not be read; a scan with any is incomplete.</summary>
    public IReadOnlyList<UnreadableItem> Unreadable =>
        [.. _unreadable.OrderBy(u => u.Path, StringComparer.Ordinal)];

    /// <summary>Facts about the scan the user should know (a shallow clone, say), one sentence each.</summary>
    public IReadOnlyList<string> Notes => [.. _notes];

    internal void Scanned(long bytes)
    {
        Interlocked.Increment(ref _filesScanned);
        Interlocked.Add(ref _bytesScanned, bytes);
    }

    internal void Binary() => Interlocked.Increment(ref _skippedBinary);

    internal void TooLarge() => Interlocked.Increment(ref _skippedTooLarge);

    internal void Special() => Interlocked.Increment(ref _skippedSpecial);

    internal void Symlink() => Interlocked.Increment(ref _skippedSymlinks);

    internal void CouldNotRead(string path, string reason) => _unreadable.Enqueue(new UnreadableItem(path, reason));

    internal void Note(string note) => _notes.Enqueue(note);
}
