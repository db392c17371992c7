using System.IO.Compression;
using System.Text.Json.Nodes;
using AwsHarden.FakeAws.State;

namespace AwsHarden.FakeAws;

/// <summary>The project's shipped incident example (examples/incident) as the account the attacker left behind,
/// shared by the end-to-end tests and by the runnable fake host that README readers try the plans on.</summary>
public static class FakeExamples
{
    /// <summary>The account every record of the example trail names.</summary>
    public const string IncidentAccountId = "111122223333";
    /// <summary>The leaked key the example starts from.</summary>
    public const string LeakedKey = "AKIAIOSFODNN7EXAMPLE";
    /// <summary>The key the attacker gave the user it created.</summary>
    public const string BackdoorKey = "AKIAI44QH8DHBEXAMPLE";
    /// <summary>The key the responder (the fake's caller, user auditor) signs with: not the leaked one.</summary>
    public const string ResponderKey = "AKIARESPONDEREXAMPLE";
    /// <summary>The trail bucket the example's files are served from.</summary>
    public const string TrailBucket = "trail-logs";

    private const string Admin = "arn:aws:iam::aws:policy/AdministratorAccess";
    private static readonly DateTimeOffset AttackStart = new(2024, 8, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The account as the attacker left it: the leaked key's user, the user it created with a key, a
    /// console password and AdministratorAccess, the role it created, the GPU instances in two regions, the SSH
    /// rule and the key pair. Otherwise the healthy account, as it stood when the attack began (09:00 on
    /// 2024-08-01, unless <paramref name="now"/> says otherwise): everything of the healthy account predates the
    /// attack's day, so a sweep from that day lists only what the attacker left.</summary>
    public static FakeAccount IncidentAccount(DateTimeOffset? now = null)
    {
        var account = FakeAccounts.Healthy(now ?? AttackStart, IncidentAccountId);
        var responder = account.Iam.Users
            .Single(u => u.AccessKeys.Any(k => k.AccessKeyId == account.Caller.AccessKeyId));
        var callerKey = responder.AccessKeys.Single(k => k.AccessKeyId == account.Caller.AccessKeyId);
        responder.AccessKeys.Remove(callerKey);
        responder.AccessKeys.Add(new FakeAccessKey
        {
            AccessKeyId = ResponderKey, CreateDate = callerKey.CreateDate, LastUsedDate = callerKey.LastUsedDate,
            LastUsedRegion = callerKey.LastUsedRegion, LastUsedService = callerKey.LastUsedService,
        });
        account.Caller = account.Caller with { AccessKeyId = ResponderKey };
        var created = DateTimeOffset.Parse("2024-08-01T09:03:00Z");
        account.AddUser("ci-deploy", created.AddDays(-300)).AccessKeys.Add(new FakeAccessKey
        {
            AccessKeyId = LeakedKey, CreateDate = created.AddDays(-300),
        });
        var backdoor = account.AddUser("backup-svc", created);
        backdoor.AccessKeys.Add(new FakeAccessKey { AccessKeyId = BackdoorKey, CreateDate = created.AddMinutes(1) });
        backdoor.LoginProfile = new FakeLoginProfile(created.AddMinutes(2));
        backdoor.AttachedPolicyArns.Add(Admin);
        account.AddRole("ops-automation", "{\"Version\":\"2012-10-17\",\"Statement\":[]}")
            .AttachedPolicyArns.Add(Admin);
        AddBill(account);
        return FakeAccounts.AddExampleChainCompute(account);
    }

    /// <summary>Cost Explorer's daily cost: an ordinary few dollars a day in us-east-1 from June 2024, then the
    /// GPU instances' bill in both regions from the attack's day until the instances are found three days later.
    /// </summary>
    private static void AddBill(FakeAccount account)
    {
        const string Ec2 = "Amazon Elastic Compute Cloud - Compute";
        for (var day = new DateOnly(2024, 6, 1); day <= new DateOnly(2024, 8, 10); day = day.AddDays(1))
        {
            account.DailyCosts.Add(new FakeDailyCost(day, Ec2, "us-east-1", 3.10m));
            account.DailyCosts.Add(new FakeDailyCost(day, "Amazon Simple Storage Service", "us-east-1", 0.42m));
            if (day < new DateOnly(2024, 8, 1) || day > new DateOnly(2024, 8, 3)) continue;
            // p3.16xlarge on demand: 24.48 USD an hour; four in us-east-1 and two in eu-west-1.
            var hours = day == new DateOnly(2024, 8, 1) ? 14.75m : 24m;
            account.DailyCosts.Add(new FakeDailyCost(day, Ec2, "us-east-1", 4 * 24.48m * hours));
            account.DailyCosts.Add(new FakeDailyCost(day, Ec2, "eu-west-1", 2 * 24.48m * hours));
        }
    }

    /// <summary>Adds the trail files under <paramref name="folder"/> (the examples/incident layout) to the account:
    /// as the objects of the bucket <see cref="TrailBucket"/> and as the event history of each record's region.
    /// </summary>
    public static FakeAccount AddTrail(FakeAccount account, string folder)
    {
        var bucket = new FakeBucket
        {
            Name = TrailBucket, CreationDate = new DateTimeOffset(2024, 1, 1, 0, 0, 0, default),
        };
        foreach (var (key, content) in TrailObjects(folder))
        {
            bucket.Objects[key] = new FakeS3Object(content, new DateTimeOffset(2024, 8, 1, 10, 0, 0, default));
        }

        account.Buckets.Add(bucket);
        account.CloudTrailEvents.AddRange(TrailEvents(folder));
        return account;
    }

    /// <summary>Every file under <paramref name="folder"/>/AWSLogs, keyed as in the trail bucket.</summary>
    public static IEnumerable<(string Key, byte[] Content)> TrailObjects(string folder)
    {
        var files = Directory.EnumerateFiles(Path.Combine(folder, "AWSLogs"), "*", SearchOption.AllDirectories);
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            yield return (Path.GetRelativePath(folder, file).Replace('\\', '/'), File.ReadAllBytes(file));
        }
    }

    /// <summary>Every record of the gzip'd trail files under <paramref name="folder"/>, in its region.</summary>
    public static IEnumerable<FakeCloudTrailEvent> TrailEvents(string folder)
    {
        var trailFiles = TrailObjects(folder).Where(o => o.Key.Contains("/CloudTrail/", StringComparison.Ordinal));
        foreach (var (key, content) in trailFiles)
        {
            using var gz = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
            foreach (var record in JsonNode.Parse(gz)!["Records"]!.AsArray())
            {
                yield return new FakeCloudTrailEvent(record!["awsRegion"]!.GetValue<string>(), record.ToJsonString());
            }
        }
    }
}
