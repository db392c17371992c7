using System.Text.Json;
using AwsHarden.Policies;

namespace AwsHarden.Tests.Policies;

/// <summary>Runs the engine over real public policies in the shared corpus; skipped where it is absent.</summary>
public class PolicyCorpusTests
{
    private const string CommentedSample = "deny-service-specific-credential-by-type.json";

    private static string RequireCorpus(string relative)
    {
        var folder = PolicyTestFiles.CorpusFolder(relative);
        Skip.If(folder is null, $"corpus folder ../shared/corpus/{relative} is absent");
        return folder!;
    }

    [SkippableFact]
    public void Parse_AwsSampleScps_AllParseExceptTheCommentedOne()
    {
        var folder = RequireCorpus("scp/aws-samples");
        var files = Directory.GetFiles(folder, "*.json", SearchOption.AllDirectories);
        var failures = new List<string>();

        foreach (var file in files)
        {
            if (!PolicyDocument.TryParse(File.ReadAllText(file), out var doc, out var error))
                failures.Add(Path.GetFileName(file));
            else
                Assert.NotEmpty(doc!.Statements);
        }

        Assert.True(files.Length >= 50, $"only {files.Length} samples found");
        Assert.Equal([CommentedSample], failures);
    }

    [SkippableFact]
    public void Parse_CommentedSample_ThrowsWithLine()
    {
        var folder = RequireCorpus("scp/aws-samples");
        var file = Directory.GetFiles(folder, CommentedSample, SearchOption.AllDirectories).Single();

        var ex = Assert.Throws<PolicyParseException>(() => PolicyDocument.Parse(File.ReadAllText(file)));

        Assert.Equal(15, ex.Line);
        Assert.Contains("line 15", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void RestrictsRegions_AwsSamples_OnlyTheRequestedRegionSamples()
    {
        var folder = RequireCorpus("scp/aws-samples");
        var recognised = Directory.GetFiles(folder, "*.json", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != CommentedSample)
            .Where(f => PolicyAnalysis.RestrictsRegions(File.ReadAllText(f)))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .ToList();

        // The third Region-controls sample denies account:EnableRegion, which is not a region restriction.
        Assert.Equal(
        [
            "Deny-access-to-AWS-based-on-the-requested-AWS-region-with-Bedrock-CRIS.json",
            "Deny-access-to-AWS-based-on-the-requested-AWS-region.json",
        ], recognised);
    }

    [SkippableFact]
    public void RestrictsInstanceTypes_AwsSamples_OnlyTheInstanceTypeSample()
    {
        var folder = RequireCorpus("scp/aws-samples");
        var recognised = Directory.GetFiles(folder, "*.json", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != CommentedSample)
            .Where(f => PolicyAnalysis.RestrictsInstanceTypes(File.ReadAllText(f)))
            .Select(Path.GetFileName)
            .ToList();

        Assert.Equal(["Require-Amazon-EC2-instances-to-use-a-specific-type.json"], recognised);
    }

    [SkippableFact]
    public void CheckScp_AwsSamples_NoUnknownOperatorsOrKeys()
    {
        var folder = RequireCorpus("scp/aws-samples");
        var problems = Directory.GetFiles(folder, "*.json", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != CommentedSample)
            .SelectMany(f => PolicyLint.CheckScp(File.ReadAllText(f)).Issues
                .Where(i => i.Code is "grammar.unknown-operator" or "grammar.unknown-key" or "size.limit")
                .Select(i => $"{Path.GetFileName(f)}: {i.Message}"))
            .ToList();

        Assert.Empty(problems);
    }

    [SkippableFact]
    public void GrantsFullAdmin_CloudsplainingExports_FindsAdministratorAccessOnly()
    {
        var folder = RequireCorpus("iam/cloudsplaining");
        var documents = Directory.GetFiles(folder, "*.json").SelectMany(ReadAuthorizationDetails).ToList();

        var admin = documents.Where(d => PolicyAnalysis.GrantsFullAdmin(d.Document)).Select(d => d.Name).ToList();

        Assert.True(documents.Count >= 40, $"only {documents.Count} documents found");
        Assert.Equal(["AdministratorAccess"], admin.Distinct());
        Assert.DoesNotContain("PowerUserAccess", admin);
        Assert.Contains(documents, d => d.Name == "PowerUserAccess");
    }

    private sealed record NamedDocument(string Name, PolicyDocument Document);

    // Every document in a GetAccountAuthorizationDetails export: managed policy versions, inline policies and
    // role trust policies.
    private static IEnumerable<NamedDocument> ReadAuthorizationDetails(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        var root = json.RootElement;
        var found = new List<NamedDocument>();

        foreach (var policy in Items(root, "Policies"))
        {
            foreach (var version in Items(policy, "PolicyVersionList"))
                found.Add(Read(policy.GetProperty("PolicyName").GetString()!, version.GetProperty("Document")));
        }

        foreach (var (list, inline) in new[]
            { ("UserDetailList", "UserPolicyList"), ("GroupDetailList", "GroupPolicyList"),
              ("RoleDetailList", "RolePolicyList") })
        {
            foreach (var principal in Items(root, list))
            {
                foreach (var p in Items(principal, inline))
                    found.Add(Read(p.GetProperty("PolicyName").GetString()!, p.GetProperty("PolicyDocument")));
                if (principal.TryGetProperty("AssumeRolePolicyDocument", out var trust))
                    found.Add(Read("trust", trust));
            }
        }

        return found;
    }

    // Exports hold documents as objects (the CLI decodes them) or as URL-encoded strings (the raw API).
    private static NamedDocument Read(string name, JsonElement element) => new(name,
        element.ValueKind == JsonValueKind.String
            ? PolicyDocument.Parse(element.GetString()!)
            : PolicyDocument.Parse(element));

    private static IEnumerable<JsonElement> Items(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().ToList()
            : [];
}
