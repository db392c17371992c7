using LibGit2Sharp;

namespace AwsHarden.Secrets;

/// <summary>
/// Scans every blob reachable from any ref of a git repository, each distinct blob once, including files
/// deleted since. Each key is reported once per path, with the earliest commit that added it there.
/// </summary>
/// <remarks>
/// Commits are walked oldest first (parents before children), each as its changes against its first
/// parent: a blob equal to the parent's at the same path was recorded when the parent introduced it, so
/// only changed paths can carry new blobs. The change feed is <c>git log --raw</c> when git is installed
/// (its tree diff skips unchanged subtrees in C) and LibGit2Sharp's tree diff otherwise, which is right
/// but about 10 ms a commit (see docs/secrets.md). Blobs are read with LibGit2Sharp.
/// </remarks>
public sealed class GitHistorySource(SecretScanOptions options)
{
    /// <summary>Counts of blobs read and skipped, and commits walked.</summary>
    public ScanStatistics Statistics { get; } = new();

    /// <summary>Set to false to force the LibGit2Sharp change feed (tests, machines without git).</summary>
    public bool UseGitExecutable { get; init; } = true;

    /// <summary>True when the path is inside a git work tree or is a bare repository.</summary>
    public static bool IsRepository(string path) => Repository.Discover(path) is not null;

    /// <summary>True when the path itself is a bare repository: history only, no files to scan on disk.</summary>
    public static bool IsBareRepository(string path)
    {
        if (!Directory.Exists(path) || !Repository.IsValid(path))
            return false;
        using var repo = new Repository(path);
        return repo.Info.IsBare;
    }

    public Task<IReadOnlyList<SecretHit>> ScanAsync(string path, CancellationToken cancellationToken) =>
        Task.Run(() => Scan(path, cancellationToken), cancellationToken);

    private IReadOnlyList<SecretHit> Scan(string path, CancellationToken cancellationToken)
    {
        var gitDir = Repository.Discover(path)
            ?? throw new Model.UserErrorException(
                $"'{path}' is not a git repository.", "drop --history to scan its files");
        using var repo = new Repository(gitDir);
        if (repo.Info.IsShallow)
            Statistics.CouldNotRead(path, "a shallow clone: commits before its cut-off are not in it and were not "
                + "scanned; fetch with 'git fetch --unshallow' to scan them");

        var walk = new HistoryWalk(options, Statistics, RootOf(repo));
        try
        {
            if (UseGitExecutable && GitLogChanges.IsAvailable())
            {
                using var reader = new GitCatFile(gitDir);
                walk.RunPipelined(GitLogChanges.Read(gitDir, cancellationToken), reader, cancellationToken);
            }
            else
            {
                using var reader = new LibGit2BlobReader(repo);
                walk.Run(LibGit2Changes.Read(repo, cancellationToken), reader);
            }
        }
        catch (LibGit2SharpException e)
        {
            throw new Model.UserErrorException(
                $"cannot walk the history of '{path}': {e.Message}",
                "the repository may be damaged; run 'git fsck'", e);
        }

        NameSubmodules(repo, path);
        return MarkStillPresent(repo, walk.Hits);
    }

    /// <summary>
    /// A submodule is another repository: the superproject's history holds only the commit it points at,
    /// so its blobs were not read. Each is named, which makes a scan with no key found incomplete.
    /// </summary>
    private void NameSubmodules(Repository repo, string path)
    {
        try
        {
            foreach (var submodule in repo.Submodules)
            {
                var shown = Path.Join(path, submodule.Path);
                Statistics.CouldNotRead(shown, "a git submodule: its own history is not scanned with the "
                    + $"superproject's; scan it too: awsharden secrets scan {shown} --history");
            }
        }
        catch (LibGit2SharpException e)
        {
            Statistics.CouldNotRead(".gitmodules", $"the submodules could not be listed: {e.Message}");
        }
    }

    private static string RootOf(Repository repo) =>
        repo.Info.WorkingDirectory?.TrimEnd('/', '\\') ?? repo.Info.Path.TrimEnd('/', '\\');

    private static IReadOnlyList<SecretHit> MarkStillPresent(Repository repo, IReadOnlyList<SecretHit> hits)
    {
        var head = repo.Head?.Tip?.Tree;
        var lookup = head is null ? null : new HeadFiles(head);
        return hits.Select(hit => hit with
        {
            Location = hit.Location with { StillPresent = lookup is null ? false : lookup.Holds(hit) },
        }).ToList();
    }

    /// <summary>Answers whether HEAD's version of a path still holds a key.</summary>
    /// <remarks>
    /// Paths come from the change feed decoded as UTF-8, so a name that is not valid UTF-8 holds U+FFFD and
    /// no longer finds its tree entry by path; such names are matched against HEAD's entries decoded the
    /// same way instead.
    /// </remarks>
    private sealed class HeadFiles(Tree head)
    {
        private Dictionary<string, Blob>? _decodedPaths;

        public bool? Holds(SecretHit hit)
        {
            try
            {
                var member = hit.Key.Member;
                var path = member is null ? hit.Location.Path : hit.Location.Path[..^(member.Length + 1)];
                var blob = head[path]?.Target as Blob ?? ByDecodedPath(path);
                if (blob is null)
                    return false;
                if (member is null)
                    return blob.GetContentText().Contains(hit.Key.KeyId, StringComparison.Ordinal);

                // Inside an archive the key is only visible once the member is unpacked again.
                using var content = new MemoryStream();
                blob.GetContentStream().CopyTo(content);
                return ContentScanner.Scan(content.ToArray(), new ScanStatistics())
                    .Any(k => k.KeyId == hit.Key.KeyId && k.Member == member);
            }
            catch (LibGit2SharpException)
            {
                // HEAD's blob is missing from a damaged or partial repository: unknown, not "gone".
                return null;
            }
        }

        private Blob? ByDecodedPath(string path)
        {
            if (!path.Contains('\uFFFD'))
                return null;
            _decodedPaths ??= Walk(head).ToDictionary(e => e.Path, e => e.Blob, StringComparer.Ordinal);
            return _decodedPaths.GetValueOrDefault(path);
        }

        private static IEnumerable<(string Path, Blob Blob)> Walk(Tree tree)
        {
            foreach (var entry in tree)
            {
                if (entry.Target is Tree subtree)
                    foreach (var inner in Walk(subtree))
                        yield return inner;
                else if (entry.Target is Blob blob)
                    yield return (GitPaths.FromLibGit2(entry.Path), blob);
            }
        }
    }

    /// <summary>State of one walk: what was read, and the first place each key was seen.</summary>
    private sealed class HistoryWalk(SecretScanOptions options, ScanStatistics stats, string root)
    {
        // Bounds memory when the change feed runs ahead of scanning.
        private const int QueueLength = 8192;
        private const int BatchLength = 256;

        private readonly HashSet<ObjectId> _requestedBlobs = [];
        private readonly Dictionary<ObjectId, IReadOnlyList<DetectedKey>> _blobsWithKeys = [];
        private readonly HashSet<(ObjectId, string)> _seenBlobPaths = [];
        private readonly Dictionary<(string KeyId, string Path), SecretHit> _firstHits = [];

        public IReadOnlyList<SecretHit> Hits => [.. _firstHits.Values];

        /// <summary>Reads and scans on this thread, one change at a time.</summary>
        public void Run(IEnumerable<CommitChanges> feed, IBlobReader reader)
        {
            foreach (var change in Changes(feed, reader))
            {
                reader.Send();
                Visit(change, reader);
            }
        }

        /// <summary>
        /// Walks the feed and requests blobs on a second thread while this one reads and scans them, in
        /// request order; blob ids are sent to the reader before their changes are queued, so reads never
        /// wait on an id not yet sent.
        /// </summary>
        /// <remarks>
        /// Changes travel in batches, and ids are sent once a batch: handing them over one at a time woke a
        /// blocked thread (and git) per blob, and the context switches cost more CPU than the scan itself.
        /// </remarks>
        public void RunPipelined(IEnumerable<CommitChanges> feed, IBlobReader reader, CancellationToken ct)
        {
            var queue = System.Threading.Channels.Channel.CreateBounded<BlobChange[]>(QueueLength / BatchLength);
            var producer = Task.Run(() =>
            {
                try
                {
                    foreach (var batch in Changes(feed, reader).Chunk(BatchLength))
                    {
                        reader.Send();
                        queue.Writer.WriteAsync(batch, ct).AsTask().GetAwaiter().GetResult();
                    }
                    queue.Writer.Complete();
                }
                catch (Exception e)
                {
                    queue.Writer.Complete(e);
                }
            }, ct);

            while (queue.Reader.WaitToReadAsync(ct).AsTask().GetAwaiter().GetResult())
                while (queue.Reader.TryRead(out var batch))
                    foreach (var change in batch)
                        Visit(change, reader);
            producer.GetAwaiter().GetResult();
        }

        private IEnumerable<BlobChange> Changes(IEnumerable<CommitChanges> feed, IBlobReader reader)
        {
            foreach (var commit in feed)
            {
                stats.Commits++;
                foreach (var (path, blob) in commit.Blobs)
                {
                    var isNew = _requestedBlobs.Add(blob);
                    if (isNew)
                        reader.Request(blob);
                    yield return new BlobChange(commit, path, blob, isNew);
                }
            }
        }

        private void Visit(BlobChange change, IBlobReader reader)
        {
            if (change.IsNew)
                Scan(change, reader);

            if (!_blobsWithKeys.TryGetValue(change.Blob, out var keys))
                return;
            if (!_seenBlobPaths.Add((change.Blob, change.Path)))
                return;

            foreach (var key in keys)
                Record(change.Commit, key, change.Path);
        }

        private void Scan(BlobChange change, IBlobReader reader)
        {
            switch (reader.Read(change.Blob, options.MaxFileBytes, out var content))
            {
                case BlobStatus.TooLarge:
                    stats.TooLarge();
                    return;
                case BlobStatus.Missing:
                    stats.CouldNotRead(change.Path, $"blob {change.Blob.Sha} of commit {change.Commit.Sha[..12]} "
                        + "is missing: the repository is damaged or a partial clone");
                    return;
            }

            var keys = ContentScanner.Scan(content.Span, stats, options.MaxFileBytes, change.Path);
            if (keys.Count > 0)
                _blobsWithKeys[change.Blob] = keys;
        }

        private void Record(CommitChanges commit, DetectedKey key, string path)
        {
            var hit = new SecretHit(key, new SecretLocation
            {
                Kind = SecretSourceKind.GitHistory,
                Root = root,
                Path = key.PathIn(path),
                Line = key.Line,
                Column = key.Column,
                Commit = commit.Sha,
                AuthorDate = commit.AuthorDate,
                Author = commit.Author,
            });
            if (!options.IsAllowed(hit))
                _firstHits.TryAdd((key.KeyId, path), hit);
        }

        private sealed record BlobChange(CommitChanges Commit, string Path, ObjectId Blob, bool IsNew);
    }
}

/// <summary>One commit and the blobs it added or changed against its first parent.</summary>
internal sealed record CommitChanges(
    string Sha, DateTimeOffset AuthorDate, string Author, IReadOnlyList<(string Path, ObjectId Blob)> Blobs);

/// <summary>The change feed from LibGit2Sharp alone: right everywhere, but slow on large histories.</summary>
internal static class LibGit2Changes
{
    // Renames are plain add+delete here: detecting them costs blob reads and adds nothing.
    private static readonly CompareOptions DiffOptions = new()
    {
        Similarity = SimilarityOptions.None,
        IncludeUnmodified = false,
        ContextLines = 0,
    };

    public static IEnumerable<CommitChanges> Read(Repository repo, CancellationToken ct)
    {
        foreach (var commit in CommitsOldestFirst(repo))
        {
            ct.ThrowIfCancellationRequested();
            using var changes = repo.Diff.Compare<TreeChanges>(
                commit.Parents.FirstOrDefault()?.Tree, commit.Tree, DiffOptions);
            var blobs = changes
                .Where(c => c.Status is not ChangeKind.Deleted && c.Mode is not (Mode.GitLink or Mode.Directory))
                .Select(c => (GitPaths.FromLibGit2(c.Path), c.Oid))
                .ToList();
            yield return new CommitChanges(commit.Sha, commit.Author.When, commit.Author.Name, blobs);
        }
    }

    private static IEnumerable<Commit> CommitsOldestFirst(Repository repo)
    {
        var tips = repo.Refs
            .Select(r => PeelToCommit(r.ResolveToDirectReference()?.Target))
            .OfType<Commit>()
            .DistinctBy(c => c.Id)
            .ToList();
        if (tips.Count == 0)
            return [];

        return repo.Commits.QueryBy(new CommitFilter
        {
            IncludeReachableFrom = tips,
            SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Time | CommitSortStrategies.Reverse,
        });
    }

    // Annotated tags may point at tags; refs may point at trees or blobs, which hold no history.
    private static Commit? PeelToCommit(GitObject? target)
    {
        while (target is TagAnnotation tag)
            target = tag.Target;
        return target as Commit;
    }
}

/// <summary>Paths as git stores them: '/' between folders, every other character part of a name.</summary>
internal static class GitPaths
{
    /// <summary>
    /// LibGit2Sharp hands paths back with the platform's separator; only that is turned back into '/', so a
    /// '\' in a Linux file name stays a '\'.
    /// </summary>
    public static string FromLibGit2(string path) =>
        Path.DirectorySeparatorChar == '/' ? path : path.Replace(Path.DirectorySeparatorChar, '/');
}
