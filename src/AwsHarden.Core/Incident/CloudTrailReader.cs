using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using AwsHarden.Config;
using AwsHarden.Model;

namespace AwsHarden.Incident;

/// <summary>
/// Streams CloudTrail records from files and folders (recursively), gzip'd or not, several files at once.
/// One damaged file is reported in <see cref="Report"/> with where it broke; the others are still read.
/// Records come in no particular order across files. With <see cref="CloudTrailReadOptions.MaterializeOnly"/>
/// and an <see cref="ActorIndex"/>, the actors of each file are noted there as the file is finished.
/// </summary>
public sealed class CloudTrailReader(CloudTrailReadOptions? options = null, ActorIndex? actors = null)
{
    private const int BatchSize = 256;
    private readonly CloudTrailReadOptions _options = options ?? new CloudTrailReadOptions();

    /// <summary>Filled while reading; complete once the enumeration has finished.</summary>
    public ReadReport Report { get; } = new();

    /// <summary>The files behind the given paths: files as given, folders walked recursively, in path order.</summary>
    public static IReadOnlyList<string> ExpandPaths(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (FileStat.Of(path).Type is FileType.Fifo or FileType.Device or FileType.Socket)
                InputFile.Check(path, InputKind.Logs);
            if (DanglingLink(path) is { } target)
            {
                throw new UserErrorException(
                    $"No such file or folder: {path} (a symbolic link to {target}, which does not exist)",
                    "check the path given to --logs");
            }
            if (File.Exists(path)) files.Add(path);
            else if (Directory.Exists(path)) files.AddRange(FilesUnder(path));
            else throw new UserErrorException($"No such file or folder: {path}", "check the path given to --logs");
        }
        // Overlapping paths (a folder and one of its subfolders, or the same folder through a symbolic link)
        // name some files twice: read each once, compared by the path with every link resolved.
        var real = new RealPaths();
        return [.. files.DistinctBy(real.Of)];
    }

    private static string? DanglingLink(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not { } target) return null;
        return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName is { } final
            && (File.Exists(final) || Directory.Exists(final)) ? null : target;
    }

    /// <summary>Paths with every symbolic link resolved (like realpath), folders cached: a trail download has
    /// thousands of files in a few hundred folders.</summary>
    private sealed class RealPaths
    {
        private readonly Dictionary<string, string> _folders = new(StringComparer.Ordinal);

        public string Of(string path)
        {
            var full = Path.GetFullPath(path);
            var folder = Path.GetDirectoryName(full);
            var resolved = folder is null ? full : Path.Combine(Folder(folder), Path.GetFileName(full));
            return Link(resolved) ?? resolved;
        }

        private string Folder(string folder)
        {
            if (_folders.TryGetValue(folder, out var known)) return known;
            var parent = Path.GetDirectoryName(folder);
            var combined = parent is null ? folder : Path.Combine(Folder(parent), Path.GetFileName(folder));
            var real = Link(combined) is { } target && target != combined ? Of(target) : combined;
            _folders[folder] = real;
            return real;
        }

        private static string? Link(string path)
        {
            try
            {
                return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    private static IEnumerable<string> FilesUnder(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Where(f => FileStat.Of(f).Type is not (FileType.Fifo or FileType.Device or FileType.Socket));

    /// <summary>Every record in the given files and folders.</summary>
    public async IAsyncEnumerable<CloudTrailEvent> ReadAsync(
        IEnumerable<string> paths, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var files = ExpandPaths(paths);
        await foreach (var e in ReadFilesAsync(files, cancellationToken)) yield return e;
    }

    /// <summary>Every record in exactly these files (no folder expansion).</summary>
    public IAsyncEnumerable<CloudTrailEvent> ReadFilesAsync(
        IReadOnlyList<string> files, CancellationToken cancellationToken = default) =>
        ReadObjectsAsync([.. files.Select(TrailObject.File)], cancellationToken);

    /// <summary>Every record in these logs (files or bucket objects), <see cref="CloudTrailReadOptions.Parallelism"/>
    /// at once.</summary>
    public async IAsyncEnumerable<CloudTrailEvent> ReadObjectsAsync(
        IReadOnlyList<TrailObject> files, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<List<CloudTrailEvent>>(
            new BoundedChannelOptions(16) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        var producer = Task.Run(() => Produce(files, channel.Writer, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var batch in channel.Reader.ReadAllAsync(cancellationToken))
            {
                foreach (var e in batch) yield return e;
            }
        }
        finally
        {
            // The consumer may stop early; the workers must not stay blocked on a full channel.
            await stop.CancelAsync();
            await producer.ContinueWith(_ => { }, CancellationToken.None);
        }
        await producer;
    }

    private void Produce(IReadOnlyList<TrailObject> files, ChannelWriter<List<CloudTrailEvent>> writer,
        CancellationToken ct)
    {
        var next = -1;
        var workers = Enumerable.Range(0, Math.Min(_options.Parallelism, Math.Max(1, files.Count)))
            .Select(_ => Task.Factory.StartNew(() =>
            {
                var parser = new CloudTrailParser(_options, Report);
                int i;
                while ((i = Interlocked.Increment(ref next)) < files.Count && !ct.IsCancellationRequested)
                {
                    ReadFile(parser, files[i], writer, ct);
                }
            }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        try
        {
            Task.WaitAll(workers, CancellationToken.None);
            writer.Complete();
        }
        catch (AggregateException ex)
        {
            writer.Complete(ex.InnerExceptions.Count == 1 ? ex.InnerException : ex);
        }
    }

    private void ReadFile(CloudTrailParser parser, TrailObject file, ChannelWriter<List<CloudTrailEvent>> writer,
        CancellationToken ct)
    {
        var path = file.Name;
        if (IsUnder(path, "CloudTrail-Digest"))
        {
            Report.DigestFile();
            return;
        }
        if (IsUnder(path, "CloudTrail-Insight"))
        {
            Report.InsightsFile();
            return;
        }

        var batch = new List<CloudTrailEvent>(BatchSize);
        if (_options.MaterializeOnly is not null) parser.FileTokens = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var content = ParseFile(parser, file, ct, e =>
            {
                batch.Add(e);
                if (batch.Count < BatchSize) return;
                Send(writer, batch, ct);
                batch = new List<CloudTrailEvent>(BatchSize);
            });
            Count(content);
            if (parser.BadRecords is { Count: > 0 } bad)
            {
                var names = string.Join(", ", bad.Take(5)) + (bad.Count > 5 ? ", …" : "");
                Report.Broken(path, $"{bad.Count} record{(bad.Count == 1 ? "" : "s")} could not be parsed: {names} "
                    + $"({bad[0]}: {parser.BadRecordReason}); the file's other records were read");
            }
        }
        catch (Exception ex) when (ex is BrokenFileException or InvalidDataException or IOException
                                       or UnauthorizedAccessException or HttpRequestException
                                       or Aws.AwsServiceException)
        {
            Report.Broken(path, ex.Message);
        }
        if (parser.FileTokens is { } tokens) actors?.Add(path, tokens);
        if (batch.Count > 0) Send(writer, batch, ct);
    }

    private FileContent ParseFile(CloudTrailParser parser, TrailObject source, CancellationToken ct,
        Action<CloudTrailEvent> sink)
    {
        using var raw = source.Open(ct);
        Report.Bytes(source.Size >= 0 ? source.Size : raw.CanSeek ? raw.Length : 0);

        // The gzip magic is read once and put back in front, since an S3 response stream cannot seek back.
        var magic = new byte[2];
        var n = raw.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        var gzip = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        var file = new PrefixedStream(magic.AsMemory(0, n), raw);

        // GZipStream reads every member of a multi-member file, not only the first.
        using Stream input = gzip ? new GZipStream(new BufferedStream(file, 64 * 1024), CompressionMode.Decompress)
            : file;
        try
        {
            return parser.Parse(input, source.Name, sink);
        }
        catch (InvalidDataException) when (gzip)
        {
            // .NET says "unsupported compression method" for any damaged deflate data or CRC: the method is fine.
            var where = parser.BytesTaken == 0 ? "before any JSON was unpacked"
                : $"after {parser.BytesTaken} bytes of JSON were unpacked";
            throw new BrokenFileException(
                $"corrupt gzip data (damaged deflate data or CRC mismatch) {where}; fetch the file again");
        }
        finally
        {
            Report.Events(parser.EventCount);
        }
    }

    private void Count(FileContent content)
    {
        switch (content)
        {
            case FileContent.Events: Report.FileRead(); break;
            case FileContent.Digest: Report.DigestFile(); break;
            case FileContent.Insights: Report.InsightsFile(); break;
            default: Report.OtherFile(); break;
        }
    }

    private static void Send(ChannelWriter<List<CloudTrailEvent>> writer, List<CloudTrailEvent> batch,
        CancellationToken ct)
    {
        if (!writer.TryWrite(batch)) writer.WriteAsync(batch, ct).AsTask().GetAwaiter().GetResult();
    }

    private static bool IsUnder(string path, string folder) =>
        path.Contains(Path.DirectorySeparatorChar + folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)
        || path.Contains('/' + folder + '/', StringComparison.Ordinal);
}
