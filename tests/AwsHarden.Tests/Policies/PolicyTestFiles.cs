namespace AwsHarden.Tests.Policies;

/// <summary>Locates fixtures copied next to the test assembly and the shared corpus beside the repository.</summary>
internal static class PolicyTestFiles
{
    public static string Fixture(string relativePath) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", relativePath));

    /// <summary>The corpus folder, or null when absent.</summary>
    public static string? CorpusFolder(string relativePath) => RepoPaths.Corpus(relativePath);
}
