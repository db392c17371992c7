using AwsHarden.Model;
using AwsHarden.Reports;

namespace AwsHarden.Tests.Reports;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("awsharden-atomic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Write_FailsHalfway_KeepsTheOldFileAndLeavesNoTemporary()
    {
        var path = Path.Combine(_folder, "plan.json");
        File.WriteAllText(path, "old plan");

        var error = Assert.Throws<UserErrorException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("new, half"u8);
            throw new IOException("disk full");
        }));

        Assert.Contains("plan.json", error.Message);
        Assert.Equal("old plan", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void Write_Succeeds_ReplacesTheFileWhole()
    {
        var path = Path.Combine(_folder, "plan.json");
        File.WriteAllText(path, "a much longer old plan that must not leave a tail");

        AtomicFile.Write(path, s => s.Write("new"u8));

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_folder));
    }
}
