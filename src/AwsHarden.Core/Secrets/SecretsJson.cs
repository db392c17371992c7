using System.Text.Json;
using System.Text.Json.Nodes;

namespace AwsHarden.Secrets;

/// <summary>The JSON report of a secrets scan: findings with their locations, every secret redacted.</summary>
public static class SecretsJson
{
    /// <param name="unreadable">Paths that could not be read; any makes the report incomplete.</param>
    public static JsonObject Build(IReadOnlyList<LeakedKeyFinding> findings, IReadOnlyList<BucketExposure> buckets,
        IReadOnlyList<UnreadableItem>? unreadable = null)
    {
        var items = new JsonArray();
        foreach (var finding in findings)
            items.Add(Finding(finding));

        var exposures = new JsonArray();
        foreach (var bucket in buckets)
            exposures.Add(new JsonObject
            {
                ["bucket"] = bucket.Bucket,
                ["public"] = bucket.Public.ToString(),
                ["evidence"] = bucket.Evidence,
            });

        var missed = new JsonArray();
        foreach (var item in unreadable ?? [])
            missed.Add(new JsonObject { ["path"] = item.Path, ["reason"] = item.Reason });

        return new JsonObject
        {
            ["tool"] = "awsharden",
            ["complete"] = missed.Count == 0,
            ["findings"] = items,
            ["buckets"] = exposures,
            ["unreadable"] = missed,
        };
    }

    public static async Task WriteAsync(Stream output, JsonObject report, CancellationToken ct)
    {
        await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions
        {
            Indented = true,
            // Keeps the redaction ellipsis and non-ASCII paths readable; the output is a file, not HTML.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        report.WriteTo(writer);
        await writer.FlushAsync(ct);
    }

    private static JsonObject Finding(LeakedKeyFinding finding)
    {
        var locations = new JsonArray();
        foreach (var location in finding.Locations)
        {
            var item = LocationProperties(finding, location);
            item["path"] = location.Path;
            item["line"] = location.Line;
            item["column"] = location.Column;
            locations.Add(item);
        }

        return new JsonObject
        {
            ["ruleId"] = finding.RuleId,
            ["keyId"] = finding.KeyId,
            ["accountId"] = finding.AccountId,
            ["severity"] = finding.Severity.ToString(),
            ["secret"] = finding.Secret?.Redacted,
            ["sessionToken"] = finding.SessionToken?.Redacted,
            ["verification"] = finding.Verification?.Status.ToString(),
            ["verifiedArn"] = finding.Verification?.Arn,
            ["owner"] = finding.Owner?.UserName,
            ["next"] = finding.Owner is null ? null : finding.InvestigateCommand,
            ["locations"] = locations,
        };
    }

    /// <summary>Facts about one location that SARIF keeps in a result's property bag.</summary>
    public static JsonObject LocationProperties(LeakedKeyFinding finding, SecretLocation location) => new()
    {
        ["source"] = location.Kind.ToString(),
        ["root"] = location.Root,
        ["keyId"] = finding.KeyId,
        ["accountId"] = finding.AccountId,
        ["commit"] = location.Commit,
        ["authorDate"] = location.AuthorDate?.ToString("O"),
        ["stillPresent"] = location.StillPresent,
        ["secretHere"] = finding.HasSecretAt(location),
        ["severity"] = finding.SeverityAt(location).ToString(),
    };
}
