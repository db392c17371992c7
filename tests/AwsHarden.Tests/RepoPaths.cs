namespace AwsHarden.Tests;

/// <summary>Where the repository and the shared corpus are, seen from the test binaries. The one place every
/// test area asks, so the corpus rules (beside the repository, or AWSHARDEN_CORPUS) hold everywhere.</summary>
internal static class RepoPaths
{
    /// <summary>The folder holding AwsHarden.slnx, or null when the tests run outside a checkout.</summary>
    public static string? Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AwsHarden.slnx")))
                return dir.FullName;
        }

        return null;
    }

    public static string RequireRoot() =>
        Root() ?? throw new InvalidOperationException("AwsHarden.slnx not found above the tests");

    /// <summary>The corpus folder: AWSHARDEN_CORPUS when set (for checkouts not beside shared/), else
    /// <c>../shared/corpus</c> from the repository root.</summary>
    public static string? CorpusRoot()
    {
        var root = Root();
        return Environment.GetEnvironmentVariable("AWSHARDEN_CORPUS")
            ?? (root is null ? null : Path.GetFullPath(Path.Combine(root, "..", "shared", "corpus")));
    }

    /// <summary>A folder of the corpus, or null when it is absent (the test then skips, saying so).</summary>
    public static string? Corpus(params string[] parts)
    {
        var root = CorpusRoot();
        var folder = root is null ? null : Path.Combine([root, .. parts]);
        return folder is not null && Directory.Exists(folder) ? folder : null;
    }
}
