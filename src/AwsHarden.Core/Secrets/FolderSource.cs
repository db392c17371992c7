using System.Collections.Concurrent;
using System.IO.Enumeration;

namespace AwsHarden.Secrets;

/// <summary>
/// Scans the files under a folder (or one file) as they are on disk: regular text files only, each up to
/// the size cap. Git's own folder is skipped; <see cref="GitHistorySource"/> reads history. Symlinks are
/// not followed and FIFOs, sockets and devices are never opened; both are counted. Whatever cannot be
/// read is named in <see cref="ScanStatistics.Unreadable"/>, and the scan of the rest goes on.
/// </summary>
public sealed class FolderSource(SecretScanOptions options)
{
    /// <summary>Counts of files read and skipped.</summary>
    public ScanStatistics Statistics { get; } = new();

    public async Task<IReadOnlyList<SecretHit>> ScanAsync(string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        if (!Directory.Exists(full))
        {
            // A file named on the command line is read through a symlink: the user chose it.
            var target = new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
            var parent = new ScanRoot(Path.GetDirectoryName(full)!, Path.GetDirectoryName(path) ?? "");
            return await ScanEntryAsync(parent, full, target, FileKind.Unknown, cancellationToken);
        }

        var root = new ScanRoot(full, path);
        var hits = new ConcurrentBag<SecretHit>();
        var parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = Environment.ProcessorCount,
        };
        await Parallel.ForEachAsync(EnumerateFiles(root), parallel, async (entry, ct) =>
        {
            foreach (var hit in await ScanEntryAsync(root, entry.Path, entry.Path, entry.Kind, ct))
                hits.Add(hit);
        });

        return [.. hits.OrderBy(h => h.Location.Path, StringComparer.Ordinal).ThenBy(h => h.Location.Line)];
    }

    private async Task<IReadOnlyList<SecretHit>> ScanEntryAsync(
        ScanRoot root, string file, string target, FileKind listedAs, CancellationToken ct)
    {
        var relative = RelativePath(root.FullPath, file);
        switch (listedAs == FileKind.Symlink ? FileKind.Symlink : FileKinds.Of(target))
        {
            case FileKind.Symlink:
                Statistics.Symlink();
                return [];
            case FileKind.Special:
                Statistics.Special();
                return [];
            case FileKind.Missing:
                Statistics.CouldNotRead(root.Shown(relative), MissingReason(file));
                return [];
            case FileKind.Denied:
                Statistics.CouldNotRead(root.Shown(relative), "permission denied");
                return [];
        }

        if (await ReadAsync(root, relative, target, ct) is not { } content)
            return [];

        return ContentScanner.Scan(content, Statistics, options.MaxFileBytes, root.Shown(relative))
            .Select(key => new SecretHit(key, new SecretLocation
            {
                Kind = SecretSourceKind.File,
                Root = root.FullPath,
                RootAsGiven = root.AsGiven,
                Path = key.PathIn(relative),
                Line = key.Line,
                Column = key.Column,
            }))
            .Where(hit => !options.IsAllowed(hit))
            .ToList();
    }

    /// <summary>The file's bytes, or null when it is skipped (too large) or unreadable (recorded).</summary>
    private async Task<byte[]?> ReadAsync(ScanRoot root, string relative, string file, CancellationToken ct)
    {
        try
        {
            var length = new FileInfo(file).Length;
            if (length > options.MaxFileBytes)
            {
                Statistics.TooLarge();
                return null;
            }

            // FIFOs, sockets and devices all report length 0: never opening an empty entry keeps a scan
            // from blocking where the file type could not be asked (no statx).
            if (length == 0)
            {
                Statistics.Scanned(0);
                return null;
            }

            return await File.ReadAllBytesAsync(file, ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            Statistics.CouldNotRead(root.Shown(relative), MissingReason(file));
        }
        catch (UnauthorizedAccessException)
        {
            Statistics.CouldNotRead(root.Shown(relative), "permission denied");
        }
        catch (IOException e)
        {
            Statistics.CouldNotRead(root.Shown(relative), e.Message);
        }
        return null;
    }

    // .NET decodes Linux file names as UTF-8; a name that is not valid UTF-8 comes back with U+FFFD in
    // place of its odd bytes and no longer names the file.
    private static string MissingReason(string file) => Path.GetFileName(file).Contains('\uFFFD')
        ? "the name is not valid UTF-8 and cannot be opened by it"
        : "it vanished during the scan";

    /// <summary>Relative path with '/' separators; '\' is an ordinary name character on Linux.</summary>
    private static string RelativePath(string root, string file)
    {
        var relative = Path.GetRelativePath(root, file);
        return Path.DirectorySeparatorChar == '/' ? relative : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>Walks the tree one folder at a time, so a folder that cannot be listed is named, not lost.</summary>
    private IEnumerable<(string Path, FileKind Kind)> EnumerateFiles(ScanRoot root)
    {
        var pending = new Stack<string>([root.FullPath]);
        while (pending.TryPop(out var folder))
        {
            foreach (var entry in List(root, folder))
            {
                if (entry.Kind == FileKind.Directory)
                    pending.Push(entry.Path);
                else
                    yield return entry;
            }
        }
    }

    private List<(string Path, FileKind Kind)> List(ScanRoot root, string folder)
    {
        try
        {
            return [.. new FileSystemEnumerable<(string, FileKind)>(folder, Classify, new EnumerationOptions
            {
                RecurseSubdirectories = false,
                IgnoreInaccessible = false,
                AttributesToSkip = 0,
            })
            {
                ShouldIncludePredicate = (ref FileSystemEntry e) =>
                    !(e.IsDirectory && e.FileName.SequenceEqual(".git")),
            }];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is UnauthorizedAccessException ? "permission denied" : e.Message;
            Statistics.CouldNotRead(root.Shown(RelativePath(root.FullPath, folder)) + "/", reason);
            return [];
        }
    }

    // A symlink to a folder is reported as a folder by IsDirectory; it is a link and is not followed.
    private static (string, FileKind) Classify(ref FileSystemEntry e) =>
        (e.ToFullPath(), (e.Attributes & FileAttributes.ReparsePoint) != 0 ? FileKind.Symlink
            : e.IsDirectory ? FileKind.Directory
            : FileKind.Regular);

    /// <summary>A scanned folder, and the way the user wrote it, to name unreadable paths as they know them.</summary>
    private sealed record ScanRoot(string FullPath, string AsGiven)
    {
        public string Shown(string relative) =>
            relative == "." ? AsGiven : AsGiven.Length == 0 ? relative : Path.Join(AsGiven, relative);
    }
}
