namespace AwsHarden.Incident;

/// <summary>
/// One CloudTrail log to read: a local file or an object in the trail bucket. <see cref="Open"/> is called on a
/// reading thread and may block (an S3 GetObject); the stream is read sequentially once and disposed.
/// </summary>
/// <param name="Name">The path, or <c>s3://BUCKET/KEY</c>; used in reports of broken files.</param>
/// <param name="Size">Bytes as stored (compressed), when known.</param>
public sealed record TrailObject(string Name, long Size, Func<CancellationToken, Stream> Open)
{
    /// <summary>A local file, opened for one sequential read.</summary>
    public static TrailObject File(string path) => new(path, -1, _ => new FileStream(path, FileMode.Open,
        FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan));
}
