namespace AwsHarden.Incident;

/// <summary>One line of "what was read" for a person: a secret to rotate, or the objects read from one bucket.
/// </summary>
/// <param name="Sample">For a bucket, the first few object keys (all of them are in the JSON report).</param>
public sealed record SecretGroup(string Kind, string Name, int Count, DateTimeOffset First, DateTimeOffset Last,
    string? Region, IReadOnlyList<string> EventIds, IReadOnlyList<string> Sample, string? CommonPrefix)
{
    /// <summary>True for the objects of one bucket read together: data to assess, not one credential.</summary>
    public bool IsBucket => Count > 1 && Kind == SecretGroups.S3Object;

    /// <summary>The plan step's and the report's title.</summary>
    public string Title => IsBucket
        ? $"Assess the {Count} objects read from bucket {Name}"
        : $"Rotate {Kind} {Name}";
}

/// <summary>
/// Groups the secrets read for people: each Secrets Manager secret, SSM parameter and Windows password is its
/// own item to rotate, but the many objects of a bulk S3 download become one item per bucket (count, time
/// range, common prefix, a sample of keys): thousands of "rotate this CSV" lines hide what happened, which is
/// that the bucket's data left the account. A single object read stays an item of its own: a lone GetObject
/// is often a file of credentials.
/// </summary>
public static class SecretGroups
{
    public const string S3Object = "S3 object";
    private const int SampleSize = 5;

    public static IReadOnlyList<SecretGroup> Of(IEnumerable<SecretRead> reads)
    {
        var distinct = reads.DistinctBy(s => (s.Kind, s.Name)).ToList();
        var groups = new List<SecretGroup>();
        foreach (var s in distinct.Where(s => s.Kind != S3Object))
        {
            groups.Add(Single(s));
        }
        foreach (var bucket in distinct.Where(s => s.Kind == S3Object).GroupBy(s => BucketOf(s.Name)))
        {
            var objects = bucket.OrderBy(s => s.Time).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
            if (objects.Count == 1)
            {
                groups.Add(Single(objects[0]));
                continue;
            }
            var keys = objects.Select(o => KeyOf(o.Name)).ToList();
            groups.Add(new SecretGroup(S3Object, bucket.Key, objects.Count, objects[0].Time, objects[^1].Time,
                objects[0].Region, [.. objects.Select(o => o.EventId).OfType<string>().Take(SampleSize)],
                [.. keys.Take(SampleSize)], CommonPrefix(keys)));
        }
        return groups;
    }

    /// <summary>What the person should do about a group, for the plan step and the Markdown report.</summary>
    public static string Advice(SecretGroup g) => g.IsBucket
        ? $"{g.Count} objects read with the leaked credentials between {g.First:u} and {g.Last:u}"
            + (g.CommonPrefix is { Length: > 0 } p ? $", all under {p}" : "")
            + $" (for example {string.Join(", ", g.Sample)}; every key is in the JSON report). Objects are data, "
            + "not credentials: decide whether this is a breach to report, check the bucket policy, ACLs and "
            + "Block Public Access, and rotate any credential stored in those objects."
        : $"read with the leaked credentials at {g.First:u}" + (g.Region is null ? "" : $" in {g.Region}");

    private static SecretGroup Single(SecretRead s) => new(s.Kind, s.Name, 1, s.Time, s.Time, s.Region,
        s.EventId is { } id ? [id] : [], [], null);

    private static string BucketOf(string uri) => "s3://" + Split(uri).Bucket;

    private static string KeyOf(string uri) => Split(uri).Key;

    /// <summary><c>s3://BUCKET/KEY</c> in its two parts (the key empty when there is none).</summary>
    private static (string Bucket, string Key) Split(string uri)
    {
        var rest = uri.StartsWith("s3://", StringComparison.Ordinal) ? uri[5..] : uri;
        var slash = rest.IndexOf('/');
        return slash < 0 ? (rest, "") : (rest[..slash], rest[(slash + 1)..]);
    }

    /// <summary>The longest folder prefix (ending in '/') all keys share, or null.</summary>
    private static string? CommonPrefix(IReadOnlyList<string> keys)
    {
        var prefix = keys[0];
        foreach (var key in keys.Skip(1))
        {
            var n = 0;
            while (n < prefix.Length && n < key.Length && prefix[n] == key[n]) n++;
            prefix = prefix[..n];
        }
        var cut = prefix.LastIndexOf('/');
        return cut < 0 ? null : prefix[..(cut + 1)];
    }
}
