using System.IO.Compression;
using System.Text;

namespace AwsHarden.Bench;

/// <summary>
/// Writes synthetic gzip'd CloudTrail files in the trail bucket layout until a size is reached, once per cache
/// folder. Ordinary traffic of many users, roles and AWS services, with one leaked-key chain hidden in it.
/// </summary>
internal static class IncidentTrailGenerator
{
    private const string Account = "111122223333";
    private static readonly string[] Regions = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1"];

    private static readonly (string Source, string Name, bool ReadOnly)[] Calls =
    [
        ("ec2", "DescribeInstances", true), ("s3", "GetObject", true), ("s3", "PutObject", false),
        ("s3", "ListBuckets", true), ("kms", "Decrypt", true), ("logs", "PutLogEvents", false),
        ("dynamodb", "GetItem", true), ("lambda", "Invoke", false), ("sts", "GetCallerIdentity", true),
        ("ec2", "DescribeSecurityGroups", true), ("iam", "ListRoles", true), ("ssm", "GetParameter", true),
        ("cloudwatch", "PutMetricData", false), ("sqs", "SendMessage", false), ("sns", "Publish", false),
    ];

    /// <summary>
    /// Writes the trail once per folder. <paramref name="heavyShare"/> is the fraction of ordinary records made
    /// with the leaked key itself, for a lineage credential that made millions of calls.
    /// </summary>
    public static async Task<long> EnsureAsync(string dir, long targetBytes, string leakedKey, double heavyShare = 0)
    {
        var marker = Path.Combine(dir, "complete-" + targetBytes);
        if (File.Exists(marker)) return long.Parse(await File.ReadAllTextAsync(marker));

        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        Console.Error.WriteLine($"generating ≥{targetBytes / 1048576} MiB of gzip'd CloudTrail into {dir}…");

        long written = 0;
        var next = -1;
        var attackFile = 1000;
        await Task.WhenAll(Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Task.Run(() =>
        {
            int i;
            while (Interlocked.Read(ref written) < targetBytes && (i = Interlocked.Increment(ref next)) >= 0)
            {
                Interlocked.Add(ref written,
                    WriteFile(dir, i, i % attackFile == 7 ? leakedKey : null, leakedKey, heavyShare));
            }
        })));
        await File.WriteAllTextAsync(marker, written.ToString());
        return written;
    }

    private static long WriteFile(string dir, int index, string? leakedKey, string heavyKey, double heavyShare)
    {
        var random = new Random(index);
        var region = Regions[index % Regions.Length];
        var start = new DateTimeOffset(2024, 8, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(5 * (index / Regions.Length));
        var folder = Path.Combine(dir, "AWSLogs", Account, "CloudTrail", region, $"{start:yyyy}", $"{start:MM}",
            $"{start:dd}");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Account}_CloudTrail_{region}_{start:yyyyMMdd'T'HHmm}Z_{index:x8}.json.gz");

        var json = new StringBuilder(6 * 1024 * 1024).Append("{\"Records\":[");
        for (var n = 0; n < 4000; n++)
        {
            if (n > 0) json.Append(',');
            var time = start.AddMilliseconds(random.Next(300_000));
            if (heavyShare > 0 && random.NextDouble() < heavyShare) Heavy(json, random, region, time, heavyKey);
            else Ordinary(json, random, region, time);
        }
        if (leakedKey is not null) Attack(json, region, start.AddMinutes(2), leakedKey, index);
        json.Append("]}");

        using (var file = File.Create(path))
        using (var gz = new GZipStream(file, CompressionLevel.Optimal))
        {
            gz.Write(Encoding.UTF8.GetBytes(json.ToString()));
        }
        return new FileInfo(path).Length;
    }

    private static void Ordinary(StringBuilder json, Random random, string region, DateTimeOffset time)
    {
        var kind = random.Next(100);
        if (kind < 2)
        {
            ServiceAssumeRole(json, random, region, time);
            return;
        }
        var (source, name, readOnly) = Calls[random.Next(Calls.Length)];
        var who = kind < 60 ? UserIdentity(random.Next(300)) : RoleIdentity(random.Next(120), random);
        var ip = $"{random.Next(1, 223)}.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}";
        Record(json, time, source, name, region, who, ip, readOnly,
            $"{{\"bucketName\":\"data-{random.Next(40)}\",\"key\":\"obj/{random.Next(1_000_000)}.parquet\","
            + $"\"maxResults\":{random.Next(1, 1000)}}}", "null", Guid(random));
    }

    /// <summary>An ordinary call made with the leaked key: reads, writes and reads of secrets alike.</summary>
    private static void Heavy(StringBuilder json, Random random, string region, DateTimeOffset time, string key)
    {
        var (source, name, readOnly) = Calls[random.Next(Calls.Length)];
        var who = $"{{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::{Account}:user/ci\",\"accountId\":"
            + $"\"{Account}\",\"accessKeyId\":\"{key}\",\"userName\":\"ci\"}}";
        Record(json, time, source, name, region, who, "203.0.113.45", readOnly,
            $"{{\"bucketName\":\"data-{random.Next(40)}\",\"key\":\"obj/{random.Next(1_000_000)}.parquet\"}}",
            "null", Guid(random));
    }

    private static void ServiceAssumeRole(StringBuilder json, Random random, string region, DateTimeOffset time)
    {
        var role = random.Next(120);
        Record(json, time, "sts", "AssumeRole", region,
            "{\"type\":\"AWSService\",\"invokedBy\":\"lambda.amazonaws.com\"}", "lambda.amazonaws.com", true,
            $"{{\"roleArn\":\"arn:aws:iam::{Account}:role/app-{role}\",\"roleSessionName\":\"s{random.Next()}\"}}",
            $"{{\"credentials\":{{\"accessKeyId\":\"ASIA{random.NextInt64():X16}\",\"sessionToken\":"
            + $"\"IQoJb3JpZ2luX2VjE{random.NextInt64():X16}{random.NextInt64():X16}\",\"expiration\":"
            + "\"Aug 1, 2024, 9:43:17 PM\"}}", Guid(random));
    }

    private static void Attack(StringBuilder json, string region, DateTimeOffset t, string leaked, int index)
    {
        var user = $"backup-{index}";
        var created = $"AKIABENCHCREATED{index % 10000:0000}";
        var session = $"ASIABENCHSESSION{index % 10000:0000}";
        var attacker = $"{{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::{Account}:user/ci\",\"accountId\":\"{Account}\","
            + $"\"accessKeyId\":\"{leaked}\",\"userName\":\"ci\"}}";
        var backdoor = $"{{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::{Account}:user/{user}\",\"accountId\":"
            + $"\"{Account}\",\"accessKeyId\":\"{created}\",\"userName\":\"{user}\"}}";
        var role = $"{{\"type\":\"AssumedRole\",\"arn\":\"arn:aws:sts::{Account}:assumed-role/admin/x\","
            + "\"accessKeyId\":"
            + $"\"{session}\",\"sessionContext\":{{\"sessionIssuer\":{{\"type\":\"Role\",\"arn\":"
            + $"\"arn:aws:iam::{Account}:role/admin\"}}}}}}";
        const string ip = "203.0.113.45";
        json.Append(',');
        Record(json, t, "iam", "CreateUser", region, attacker, ip, false, $"{{\"userName\":\"{user}\"}}", "null",
            $"attack-{index}-1");
        json.Append(',');
        Record(json, t.AddSeconds(5), "iam", "CreateAccessKey", region, attacker, ip, false,
            $"{{\"userName\":\"{user}\"}}",
            $"{{\"accessKey\":{{\"accessKeyId\":\"{created}\",\"userName\":\"{user}\"}}}}",
            $"attack-{index}-2");
        json.Append(',');
        Record(json, t.AddSeconds(10), "sts", "AssumeRole", region, backdoor, ip, true,
            $"{{\"roleArn\":\"arn:aws:iam::{Account}:role/admin\"}}",
            $"{{\"credentials\":{{\"accessKeyId\":\"{session}\",\"sessionToken\":\"x\"}}}}", $"attack-{index}-3");
        foreach (var r in (string[])[region, "eu-central-1"])
        {
            json.Append(',');
            Record(json, t.AddSeconds(20), "ec2", "RunInstances", r, role, ip, false,
                "{\"instanceType\":\"p3.16xlarge\"}",
                $"{{\"instancesSet\":{{\"items\":[{{\"instanceId\":\"i-{index:x8}{r.Length:x8}\"}}]}}}}",
                $"attack-{index}-{r}");
        }
    }

    private static string UserIdentity(int n) =>
        $"{{\"type\":\"IAMUser\",\"principalId\":\"AIDA{n:X16}\",\"arn\":\"arn:aws:iam::{Account}:user/user-{n}\","
        + $"\"accountId\":\"{Account}\",\"accessKeyId\":\"AKIA{n:X16}\",\"userName\":\"user-{n}\"}}";

    private static string RoleIdentity(int n, Random random) =>
        $"{{\"type\":\"AssumedRole\",\"principalId\":\"AROA{n:X16}:s{n}\",\"arn\":\"arn:aws:sts::{Account}:"
        + $"assumed-role/app-{n}/s{n}\",\"accountId\":\"{Account}\",\"accessKeyId\":\"ASIA{n:X8}{random.Next(16):X8}\","
        + $"\"sessionContext\":{{\"sessionIssuer\":{{\"type\":\"Role\",\"principalId\":\"AROA{n:X16}\",\"arn\":"
        + $"\"arn:aws:iam::{Account}:role/app-{n}\",\"accountId\":\"{Account}\",\"userName\":\"app-{n}\"}},"
        + "\"attributes\":{\"creationDate\":\"2024-08-01T00:00:00Z\",\"mfaAuthenticated\":\"false\"}}}";

    private static void Record(StringBuilder json, DateTimeOffset time, string source, string name, string region,
        string who, string ip, bool readOnly, string request, string response, string id)
    {
        json.Append("{\"eventVersion\":\"1.09\",\"userIdentity\":").Append(who)
            .Append(",\"eventTime\":\"").Append(time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"))
            .Append("\",\"eventSource\":\"").Append(source).Append(".amazonaws.com\",\"eventName\":\"").Append(name)
            .Append("\",\"awsRegion\":\"").Append(region).Append("\",\"sourceIPAddress\":\"").Append(ip)
            .Append("\",\"userAgent\":\"aws-sdk-java/2.25.0 Linux/6.1 OpenJDK_64-Bit_Server_VM/17.0.9 vendor/Amazon\"")
            .Append(",\"requestParameters\":").Append(request).Append(",\"responseElements\":").Append(response)
            .Append(",\"requestID\":\"").Append(id).Append("\",\"eventID\":\"").Append(id)
            .Append("\",\"readOnly\":").Append(readOnly ? "true" : "false")
            .Append(",\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"").Append(Account)
            .Append("\",\"eventCategory\":\"Management\",\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":")
            .Append("\"TLS_AES_128_GCM_SHA256\",\"clientProvidedHostHeader\":\"").Append(source).Append('.')
            .Append(region).Append(".amazonaws.com\"}}");
    }

    private static string Guid(Random random)
    {
        Span<byte> b = stackalloc byte[16];
        random.NextBytes(b);
        return new Guid(b).ToString();
    }
}
