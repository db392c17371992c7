namespace AwsHarden.Tests.Audit;

/// <summary>Finds the repository root (the folder holding AwsHarden.slnx) from the test binaries.</summary>
internal static class RepoPaths
{
    public static string? Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AwsHarden.slnx")))
                return dir.FullName;
        }

        return null;
    }
}
