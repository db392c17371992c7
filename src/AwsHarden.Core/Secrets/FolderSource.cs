using System.Collections.Concurrent;
using System.IO.Enumeration;

namespace AwsHarden.Secrets;

/// <summary>
/// Scans the files under a folder (or one file) as they are on disk: text only, each up to the size cap.
/// Git's own folder is skipped; <see cref="GitHistorySource"/> reads history.
/// </summary>
public sealed class FolderSource(SecretScanOptions options)
{
    /// <summary>Counts of files read and skipped.</summary>
    public ScanStatistics Statistics { get; } = new();

    public async Task<IReadOnlyList<SecretHit>> ScanAsync(string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
            return await ScanFileAsync(Path.GetDirectoryName(full)!, full, cancellationToken);

        var hits = new ConcurrentBag<SecretHit>();
        var parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = Environment.ProcessorCount,
        };
        await Parallel.ForEachAsync(EnumerateFiles(full), parallel, async (file, ct) =>
        {
            foreach (var hit in await ScanFileAsync(full, file, ct))
                hits.Add(hit);
        });

        return [.. hits.OrderBy(h => h.Location.Path, StringComparer.Ordinal).ThenBy(h => h.Location.Line)];
    }

    private async Task<IReadOnlyList<SecretHit>> ScanFileAsync(string root, string file, CancellationToken ct)
    {
        if (new FileInfo(file).Length > options.MaxFileBytes)
        {
            Statistics.TooLarge();
            return [];
        }

        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(file, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable file is skipped, like git would; the scan of the rest goes on.
            return [];
        }

        var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
        return ContentScanner.Scan(content, Statistics)
            .Select(key => new SecretHit(key, new SecretLocation
            {
                Kind = SecretSourceKind.File,
                Root = root,
                Path = relative,
                Line = key.Line,
                Column = key.Column,
            }))
            .Where(hit => !options.IsAllowed(hit))
            .ToList();
    }

    private static IEnumerable<string> EnumerateFiles(string root) =>
        new FileSystemEnumerable<string>(root, (ref FileSystemEntry e) => e.ToFullPath(), new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
        })
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory,
            ShouldRecursePredicate = (ref FileSystemEntry e) => !e.FileName.SequenceEqual(".git"),
        };
}
