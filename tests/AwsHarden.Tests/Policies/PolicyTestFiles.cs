namespace AwsHarden.Tests.Policies;

/// <summary>Locates fixtures copied next to the test assembly and the shared corpus beside the repository.</summary>
internal static class PolicyTestFiles
{
    public static string Fixture(string relativePath) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", relativePath));

    /// <summary>The corpus folder (<c>../shared/corpus</c> from the repository root), or null when absent.</summary>
    public static string? CorpusFolder(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "AwsHarden.slnx")))
                continue;
            var corpus = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus", relativePath));
            return Directory.Exists(corpus) ? corpus : null;
        }

        return null;
    }
}
