using System.Text.Json;
using AwsHarden.Model;
using AwsHarden.Reports;
using AwsHarden.Secrets;

namespace AwsHarden.Tests.Secrets;

public class SarifWriterTests
{
    private static readonly LeakedKeyFinding Pair = new()
    {
        KeyId = TestKeys.KeyId,
        AccountId = "737946103411",
        Secret = new SecretText(TestKeys.Secret),
        Severity = Severity.High,
        Locations =
        [
            new SecretLocation { Kind = SecretSourceKind.GitHistory, Root = "/r", Path = "deploy/my env", Line = 2,
                Column = 19, Commit = TestKeys.GitSha, AuthorDate = DateTimeOffset.UnixEpoch, StillPresent = false },
            new SecretLocation { Kind = SecretSourceKind.Bucket, Root = "s3://b", Path = "x.env", Line = 1 },
        ],
    };

    private static readonly LeakedKeyFinding Lone = new()
    {
        KeyId = TestKeys.OtherKeyId, AccountId = null, Severity = Severity.Low,
        Locations = [new SecretLocation { Kind = SecretSourceKind.File, Root = "/r", Path = "a.txt", Line = 7 }],
    };

    [Fact]
    public async Task WriteAsync_Findings_HasSarif210RequiredShape()
    {
        using var stream = new MemoryStream();
        await SarifWriter.WriteAsync(stream, [Pair, Lone], "1.2.3", CancellationToken.None);
        using var doc = JsonDocument.Parse(stream.ToArray());
        var root = doc.RootElement;

        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.Contains("sarif-2.1.0", root.GetProperty("$schema").GetString(), StringComparison.Ordinal);
        var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("awsharden", driver.GetProperty("name").GetString());
        var ruleIds = driver.GetProperty("rules").EnumerateArray()
            .Select(r => r.GetProperty("id").GetString()).ToList();

        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        foreach (var result in results)
        {
            var ruleId = result.GetProperty("ruleId").GetString();
            Assert.Contains(ruleId, ruleIds);
            Assert.Equal(ruleId, ruleIds[result.GetProperty("ruleIndex").GetInt32()]);
            Assert.False(string.IsNullOrWhiteSpace(result.GetProperty("message").GetProperty("text").GetString()));
            var location = Assert.Single(result.GetProperty("locations").EnumerateArray());
            var physical = location.GetProperty("physicalLocation");
            Assert.False(string.IsNullOrEmpty(physical.GetProperty("artifactLocation").GetProperty("uri").GetString()));
            Assert.True(physical.GetProperty("region").GetProperty("startLine").GetInt32() >= 1);
            Assert.Contains(result.GetProperty("level").GetString(), new[] { "error", "warning", "note", "none" });
        }
    }

    [Fact]
    public void Build_GitAndBucketLocations_UrisAndCommitCarried()
    {
        var results = SarifWriter.Build([Pair], "1.0.0")["runs"]![0]!["results"]!.AsArray();

        Assert.Equal("deploy/my%20env", Uri(results[0]!));
        Assert.Equal(TestKeys.GitSha, results[0]!["properties"]!["commit"]!.GetValue<string>());
        Assert.Equal("s3://b/x.env", Uri(results[1]!));
    }

    private static string Uri(System.Text.Json.Nodes.JsonNode result) =>
        result["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>();

    [Fact]
    public void Build_PairFinding_NeverContainsSecret()
    {
        var sarif = SarifWriter.Build([Pair], "1.0.0");
        var message = sarif["runs"]![0]!["results"]![0]!["message"]!["text"]!.GetValue<string>();

        Assert.DoesNotContain(TestKeys.Secret, sarif.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(SecretText.Redact(TestKeys.Secret), message, StringComparison.Ordinal);
    }

    // Cases 008/009: a scan that could not read everything must not look complete to a code-scanning tool.
    [Fact]
    public void Build_UnreadablePaths_InvocationUnsuccessfulWithOneWarningEach()
    {
        UnreadableItem[] unreadable = [new("d/secret.txt", "permission denied"), new("d/locked/", "permission denied")];

        var invocation = SarifWriter.Build([Lone], "1.0.0", unreadable)["runs"]![0]!["invocations"]![0]!;

        Assert.False(invocation["executionSuccessful"]!.GetValue<bool>());
        var notes = invocation["toolExecutionNotifications"]!.AsArray();
        Assert.Equal(2, notes.Count);
        Assert.Equal("warning", notes[0]!["level"]!.GetValue<string>());
        Assert.Contains("d/secret.txt", notes[0]!["message"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NothingUnreadable_InvocationSuccessful()
    {
        var invocation = SarifWriter.Build([Lone], "1.0.0")["runs"]![0]!["invocations"]![0]!;

        Assert.True(invocation["executionSuccessful"]!.GetValue<bool>());
    }

    // Case 017: a backslash in a file name is percent-encoded in the URI, not turned into a folder.
    [Fact]
    public void Build_BackslashInPath_EscapedInUri()
    {
        var finding = Lone with
        {
            Locations =
            [
                new SecretLocation { Kind = SecretSourceKind.File, Root = "/r", Path = "back\\slash.txt", Line = 1 },
            ],
        };

        var result = SarifWriter.Build([finding], "1.0.0")["runs"]![0]!["results"]![0]!;

        var uri = result["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>();
        Assert.Equal("back%5Cslash.txt", uri);
    }
}
