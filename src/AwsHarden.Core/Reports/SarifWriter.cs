using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AwsHarden.Model;
using AwsHarden.Secrets;

namespace AwsHarden.Reports;

/// <summary>
/// Writes leaked-key findings as a SARIF 2.1.0 log: one rule per kind of leak, one result per location,
/// secrets redacted, and a fingerprint per key and path so code-scanning tools track a leak across runs.
/// </summary>
public static class SarifWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string Version = "2.1.0";

    private static readonly (string Id, string Name, string Text, Severity Severity)[] Rules =
    [
        (SecretRules.KeyPairRuleId, "AwsAccessKeyPair",
            "An AWS access key id written next to its secret access key: anyone who reads it can sign requests.",
            Severity.High),
        (SecretRules.KeyIdRuleId, "AwsAccessKeyId",
            "An AWS access key id without its secret: it names a key and its account, and hints at a leak.",
            Severity.Low),
    ];

    /// <summary>
    /// The SARIF document for the findings. Paths that could not be read become warnings of the run's
    /// invocation, which is then not marked successful: the scan is incomplete.
    /// </summary>
    /// <param name="baseFolder">The folder code-scanning tools resolve paths against (the repository root,
    /// which is the working folder in CI): files under it get a uri relative to it with the base id
    /// <c>%SRCROOT%</c>, others an absolute file uri. Null keeps paths relative to each scanned root.</param>
    public static JsonObject Build(IReadOnlyList<LeakedKeyFinding> findings, string toolVersion,
        IReadOnlyList<UnreadableItem>? unreadable = null, string? baseFolder = null)
    {
        var results = new JsonArray();
        foreach (var finding in findings)
            foreach (var location in finding.Locations)
                results.Add(Result(finding, location, baseFolder));

        var run = new JsonObject
        {
            ["tool"] = new JsonObject { ["driver"] = Driver(toolVersion) },
            ["invocations"] = new JsonArray(Invocation(unreadable ?? [])),
            ["results"] = results,
        };
        if (baseFolder is not null)
            run["originalUriBaseIds"] = new JsonObject
            {
                [SourceRoot] = new JsonObject { ["uri"] = FolderUri(baseFolder) },
            };

        return new JsonObject
        {
            ["$schema"] = SchemaUri,
            ["version"] = Version,
            ["runs"] = new JsonArray(run),
        };
    }

    // The base id GitHub code scanning and CodeQL use for the checked-out repository.
    private const string SourceRoot = "%SRCROOT%";

    public static Task WriteAsync(
        Stream output, IReadOnlyList<LeakedKeyFinding> findings, string toolVersion, CancellationToken ct) =>
        WriteAsync(output, findings, toolVersion, [], ct);

    public static async Task WriteAsync(Stream output, IReadOnlyList<LeakedKeyFinding> findings, string toolVersion,
        IReadOnlyList<UnreadableItem> unreadable, CancellationToken ct, string? baseFolder = null)
    {
        await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions
        {
            Indented = true,
            // Keeps the redaction ellipsis and non-ASCII paths readable; the output is a file, not HTML.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        Build(findings, toolVersion, unreadable, baseFolder).WriteTo(writer);
        await writer.FlushAsync(ct);
    }

    private static JsonObject Invocation(IReadOnlyList<UnreadableItem> unreadable)
    {
        var notifications = new JsonArray();
        foreach (var item in unreadable)
            notifications.Add(new JsonObject
            {
                ["level"] = "warning",
                ["message"] = new JsonObject { ["text"] = $"Could not read {item.Path}: {item.Reason}." },
            });

        return new JsonObject
        {
            ["executionSuccessful"] = unreadable.Count == 0,
            ["toolExecutionNotifications"] = notifications,
        };
    }

    private static JsonObject Driver(string toolVersion)
    {
        var rules = new JsonArray();
        foreach (var rule in Rules)
        {
            rules.Add(new JsonObject
            {
                ["id"] = rule.Id,
                ["name"] = rule.Name,
                ["shortDescription"] = new JsonObject { ["text"] = rule.Text },
                ["help"] = new JsonObject { ["text"] = HelpText },
                ["defaultConfiguration"] = new JsonObject { ["level"] = Level(rule.Severity) },
                ["properties"] = new JsonObject { ["tags"] = new JsonArray("security", "secrets", "aws") },
            });
        }

        return new JsonObject
        {
            ["name"] = "awsharden",
            ["version"] = toolVersion,
            ["informationUri"] = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
            ["rules"] = rules,
        };
    }

    private const string HelpText =
        "Deactivate and delete the key in IAM, then run 'awsharden incident investigate --key KEYID' to see "
        + "what it was used for. Removing it from the file does not help: the history still holds it.";

    private static JsonObject Result(LeakedKeyFinding finding, SecretLocation location, string? baseFolder)
    {
        var ruleId = finding.RuleIdAt(location);
        var ruleIndex = Array.FindIndex(Rules, r => r.Id == ruleId);
        return new JsonObject
        {
            ["ruleId"] = ruleId,
            ["ruleIndex"] = ruleIndex,
            ["level"] = Level(finding.SeverityAt(location)),
            ["message"] = new JsonObject { ["text"] = SecretsText.Describe(finding, location) },
            ["locations"] = new JsonArray(new JsonObject
            {
                ["physicalLocation"] = new JsonObject
                {
                    ["artifactLocation"] = ArtifactLocation(location, baseFolder),
                    ["region"] = new JsonObject { ["startLine"] = location.Line, ["startColumn"] = location.Column },
                },
            }),
            ["partialFingerprints"] = new JsonObject { ["awsharden/keyLocation/v1"] = Fingerprint(finding, location) },
            ["properties"] = SecretsJson.LocationProperties(finding, location),
        };
    }

    private static JsonObject ArtifactLocation(SecretLocation location, string? baseFolder)
    {
        if (location.Kind == SecretSourceKind.Bucket)
            return new JsonObject { ["uri"] = $"{location.Root.TrimEnd('/')}/{location.Path}" };
        if (baseFolder is null)
            return new JsonObject { ["uri"] = Escape(location.Path) };

        // An archive member ('a.zip!x.env') lives inside its file: the file is the artifact code scanning
        // can open, and the message names the member.
        var file = Path.Join(location.Root, location.OuterPath);
        var relative = Path.GetRelativePath(baseFolder, file).Replace(Path.DirectorySeparatorChar, '/');
        if (relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            return new JsonObject { ["uri"] = new System.Uri(file).AbsoluteUri };
        return new JsonObject { ["uri"] = Escape(relative), ["uriBaseId"] = SourceRoot };
    }

    private static string Escape(string path) =>
        string.Join('/', path.Split('/').Select(System.Uri.EscapeDataString));

    private static string FolderUri(string folder) =>
        new System.Uri(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + "/").AbsoluteUri;

    // Hashes only the key id and path: stable across runs and line moves, and reveals no secret.
    private static string Fingerprint(LeakedKeyFinding finding, SecretLocation location) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{finding.KeyId}|{location.Path}")));

    private static string Level(Severity severity) => severity >= Severity.High ? "error" : "warning";
}
