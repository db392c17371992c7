using AwsHarden.FakeAws;
using AwsHarden.FakeAws.State;

namespace AwsHarden.Tests.Incident;

/// <summary>The synthetic chain shipped in examples/incident, loaded into the fake's bucket or event history.</summary>
internal static class ExampleTrail
{
    public const string LeakedKey = FakeExamples.LeakedKey;
    public const string Bucket = FakeExamples.TrailBucket;
    /// <summary>The account every record of the example names.</summary>
    public const string Account = FakeExamples.IncidentAccountId;

    public static string Folder() => Path.Combine(TrailFixtures.RepoRoot(), "examples", "incident");

    /// <summary>Every example file, keyed as in the trail bucket (AWSLogs/…).</summary>
    public static IEnumerable<(string Key, byte[] Content)> Objects() => FakeExamples.TrailObjects(Folder());

    /// <summary>A bucket holding the example trail under <paramref name="prefix"/>, plus <paramref name="extra"/>.
    /// </summary>
    public static FakeBucket FakeBucket(string prefix = "", params (string Key, byte[] Content)[] extra)
    {
        var bucket = new FakeBucket { Name = Bucket, CreationDate = new DateTimeOffset(2024, 1, 1, 0, 0, 0, default) };
        foreach (var (key, content) in Objects().Concat(extra))
        {
            bucket.Objects[prefix + key] = new FakeS3Object(content, new DateTimeOffset(2024, 8, 1, 10, 0, 0, default));
        }
        return bucket;
    }

    /// <summary>Every record of the example trail as the event history of its region.</summary>
    public static IEnumerable<FakeCloudTrailEvent> Events() => FakeExamples.TrailEvents(Folder());
}
