using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace AwsHarden.Tests.Incident;

/// <summary>Builds CloudTrail records and files for tests, and finds the repository and the corpus.</summary>
internal static class TrailFixtures
{
    public const string Account = "123456789012";

    public static JsonObject User(string name, string? key) => new()
    {
        ["type"] = "IAMUser", ["arn"] = $"arn:aws:iam::{Account}:user/{name}", ["accountId"] = Account,
        ["accessKeyId"] = key, ["userName"] = name, ["principalId"] = "AIDA" + name.ToUpperInvariant(),
    };

    public static JsonObject RoleSession(string role, string key) => new()
    {
        ["type"] = "AssumedRole", ["arn"] = $"arn:aws:sts::{Account}:assumed-role/{role}/s", ["accountId"] = Account,
        ["accessKeyId"] = key,
        ["sessionContext"] = new JsonObject
        {
            ["sessionIssuer"] = new JsonObject { ["type"] = "Role", ["arn"] = $"arn:aws:iam::{Account}:role/{role}" },
            ["attributes"] = new JsonObject { ["creationDate"] = "2024-08-01T10:00:00Z" },
        },
    };

    private static int _ids;

    public static JsonObject Event(string time, string source, string name, JsonObject? who,
        JsonObject? request = null, JsonObject? response = null, string region = "us-east-1", string? error = null,
        bool? readOnly = null)
    {
        var e = new JsonObject
        {
            ["eventTime"] = time, ["eventSource"] = source + ".amazonaws.com", ["eventName"] = name,
            ["awsRegion"] = region, ["sourceIPAddress"] = "203.0.113.9", ["userAgent"] = "aws-cli/2",
            ["userIdentity"] = who?.DeepClone(), ["requestParameters"] = request?.DeepClone(),
            ["responseElements"] = response?.DeepClone(),
            ["eventID"] = $"ev-{Interlocked.Increment(ref _ids):0000}", ["recipientAccountId"] = Account,
            ["eventType"] = "AwsApiCall",
        };
        if (error is not null) e["errorCode"] = error;
        if (readOnly is not null) e["readOnly"] = readOnly;
        return e;
    }

    public static string Records(params JsonObject[] events) =>
        new JsonObject { ["Records"] = new JsonArray([.. events.Select(e => e.DeepClone())]) }.ToJsonString();

    public static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Fastest)) gz.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }

    /// <summary>Leaked key → CreateUser → CreateAccessKey → AssumeRole → RunInstances ×2, and noise.</summary>
    public static JsonObject[] Chain(string leaked = "AKIAAAAAAAAAAAAAAAAA")
    {
        const string userKey = "AKIABBBBBBBBBBBBBBBB", roleKey = "ASIACCCCCCCCCCCCCCCC";
        var attacker = User("ci", leaked);
        return
        [
            Event("2024-08-01T10:00:00Z", "iam", "CreateUser", attacker, new JsonObject { ["userName"] = "evil" }),
            Event("2024-08-01T10:01:00Z", "iam", "CreateAccessKey", attacker, new JsonObject { ["userName"] = "evil" },
                new JsonObject { ["accessKey"] = new JsonObject { ["accessKeyId"] = userKey, ["userName"] = "evil" } }),
            Event("2024-08-01T10:02:00Z", "sts", "AssumeRole", User("evil", userKey),
                new JsonObject { ["roleArn"] = $"arn:aws:iam::{Account}:role/admin" },
                new JsonObject
                {
                    ["credentials"] = new JsonObject { ["accessKeyId"] = roleKey, ["sessionToken"] = "SECRETTOKEN" },
                    ["assumedRoleUser"] = new JsonObject { ["arn"] = $"arn:aws:sts::{Account}:assumed-role/admin/s" },
                }),
            Event("2024-08-01T10:03:00Z", "ec2", "RunInstances", RoleSession("admin", roleKey), null,
                Instances("i-0000000000000001"), "us-east-1"),
            Event("2024-08-01T10:04:00Z", "ec2", "RunInstances", RoleSession("admin", roleKey), null,
                Instances("i-0000000000000002"), "eu-west-1"),
            Event("2024-08-01T10:01:30Z", "ec2", "DescribeInstances", User("alice", "AKIADDDDDDDDDDDDDDDD"),
                readOnly: true),
        ];
    }

    private static JsonObject Instances(string id) => new()
    {
        ["instancesSet"] = new JsonObject { ["items"] = new JsonArray(new JsonObject { ["instanceId"] = id }) },
    };

    public static string RepoRoot() => RepoPaths.RequireRoot();

    /// <summary>The corpus's <c>cloudtrail</c> folder (see <see cref="RepoPaths.CorpusRoot"/>).</summary>
    public static string CorpusCloudTrail() =>
        Path.Combine(RepoPaths.CorpusRoot() ?? RepoRoot(), "cloudtrail");
}

/// <summary>A temporary folder removed after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("awsharden-incident-").FullName;

    public string Write(string relative, byte[] content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return full;
    }

    public string Write(string relative, string content) => Write(relative, Encoding.UTF8.GetBytes(content));

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
