using System.Text.RegularExpressions;
using AwsHarden.Audit;

namespace AwsHarden.Tests.Audit;

public partial class CheckCatalogTests
{
    [GeneratedRegex("^[a-z0-9]+\\.[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdShape();

    [Fact]
    public void All_Ids_AreUniqueAndServiceKebab()
    {
        var ids = CheckCatalog.All.Select(c => c.Metadata.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches(IdShape(), id));
    }

    [Fact]
    public void All_TypeNames_SpellTheirIds()
    {
        foreach (var check in CheckCatalog.All)
        {
            var fromId = check.Metadata.Id.Replace(".", "").Replace("-", "");
            Assert.Equal(fromId, check.GetType().Name, ignoreCase: true);
        }
    }

    [Fact]
    public void All_ListsEveryCheckTypeInTheAssembly()
    {
        var types = typeof(ICheck).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICheck).IsAssignableFrom(t))
            .Select(t => t.FullName!)
            .Order();

        Assert.Equal(types, CheckCatalog.All.Select(c => c.GetType().FullName!).Order());
        Assert.All(CheckCatalog.All, c => Assert.Equal("AwsHarden.Audit.Checks", c.GetType().Namespace));
    }

    [Fact]
    public void All_Metadata_IsComplete()
    {
        Assert.All(CheckCatalog.All.Select(c => c.Metadata), m =>
        {
            Assert.False(string.IsNullOrWhiteSpace(m.Title));
            Assert.False(string.IsNullOrWhiteSpace(m.Rationale));
            Assert.False(string.IsNullOrWhiteSpace(m.Remediation));
            Assert.StartsWith("https://", m.RemediationUrl);
        });
    }

    [Fact]
    public void Find_KnownId_ReturnsCheck() =>
        Assert.Equal("iam.root-mfa", CheckCatalog.Find("IAM.ROOT-MFA")?.Metadata.Id);

    [Fact]
    public void CheckCatalogMarkdown_CommittedDocsChecksMd_MatchesMetadata()
    {
        var root = RepoPaths.Root();
        Assert.NotNull(root);
        var path = Path.Combine(root, "docs", "checks.md");
        var rendered = CheckCatalogMarkdown.Render();

        if (Environment.GetEnvironmentVariable("AWSHARDEN_UPDATE_DOCS") == "1")
            File.WriteAllText(path, rendered);

        var committed = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        Assert.True(committed == rendered, "docs/checks.md is out of date with the check metadata. Regenerate it: "
            + "AWSHARDEN_UPDATE_DOCS=1 dotnet test AwsHarden.slnx --filter CheckCatalogMarkdown");
    }

    [Fact]
    public void CheckCatalogMarkdown_Render_HasARowPerCheck()
    {
        var markdown = CheckCatalogMarkdown.Render();

        Assert.All(CheckCatalog.All, c => Assert.Contains($"## {c.Metadata.Id}\n", markdown));
        Assert.Contains("| IAM.9 |", markdown);
    }
}
