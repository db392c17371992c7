using System.Diagnostics;
using AwsHarden.Config;
using AwsHarden.Model;

namespace AwsHarden.Tests.Config;

public sealed class InputFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("awsharden-input-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableFact]
    public void Check_Fifo_RefusedWithoutOpeningIt()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "FIFOs are made with mkfifo on Linux");
        var fifo = Path.Combine(_dir, "ff");
        Run("mkfifo", fifo);

        var error = Assert.Throws<UserErrorException>(() => InputFile.ReadAllText(fifo, InputKind.Config));

        Assert.Contains("is a FIFO", error.Message);
    }

    [SkippableFact]
    public void Check_Device_Refused()
    {
        Skip.IfNot(File.Exists("/dev/zero"), "no /dev/zero here");

        var error = Assert.Throws<UserErrorException>(() => InputFile.OpenRead("/dev/zero", InputKind.Snapshot));

        Assert.Contains("is a device, not a file", error.Message);
    }

    [Fact]
    public void Check_FileLargerThanKind_RefusedWithBothSizes()
    {
        var big = Path.Combine(_dir, "huge.json");
        using (var stream = File.Create(big))
            stream.SetLength(InputKind.Config.MaxBytes + 1);

        var error = Assert.Throws<UserErrorException>(() => InputFile.ReadAllText(big, InputKind.Config));

        Assert.Contains("1.0 MB", error.Message);
        Assert.Contains("a config file is at most 1 MiB", error.Message);
    }

    [Fact]
    public void Check_ThreeGigabyteSnapshot_SaysGigabytes()
    {
        var big = Path.Combine(_dir, "huge.json");
        using (var stream = File.Create(big))
            stream.SetLength(3L << 30);

        var error = Assert.Throws<UserErrorException>(() => InputFile.Check(big, InputKind.Snapshot));

        Assert.StartsWith($"{big} is 3.0 GB; a snapshot is at most 256 MiB", error.Message);
    }

    [Fact]
    public void Check_Folder_SaysFolder()
    {
        var error = Assert.Throws<UserErrorException>(() => InputFile.ReadAllLines(_dir, InputKind.AllowFile));

        Assert.Contains("is a folder, not a file", error.Message);
    }

    [Fact]
    public void Check_Missing_SaysDoesNotExist()
    {
        var error = Assert.Throws<UserErrorException>(
            () => InputFile.Check(Path.Combine(_dir, "nope.jsonl"), InputKind.Journal));

        Assert.Contains("journal", error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void ReadAllText_SmallRegularFile_ReturnsContent()
    {
        var path = Path.Combine(_dir, "a.yaml");
        File.WriteAllText(path, "key_rotation_days: 30\n");

        Assert.Equal("key_rotation_days: 30\n", InputFile.ReadAllText(path, InputKind.Config));
    }

    [SkippableFact]
    public void SameFile_SymlinkAndHardLink_AreTheSameFile()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "hard links are made with ln on Linux");
        var file = Path.Combine(_dir, "snap.json");
        File.WriteAllText(file, "{}");
        var symlink = Path.Combine(_dir, "link.json");
        File.CreateSymbolicLink(symlink, file);
        var hard = Path.Combine(_dir, "hard.json");
        Run("ln", file, hard);

        Assert.True(FileStat.SameFile(file, symlink));
        Assert.True(FileStat.SameFile(Path.Combine(_dir, ".", "snap.json"), hard));
    }

    [Fact]
    public void SameFile_DifferentOrMissingFiles_AreNot()
    {
        var a = Path.Combine(_dir, "a.json");
        var b = Path.Combine(_dir, "b.json");
        File.WriteAllText(a, "{}");
        File.WriteAllText(b, "{}");

        Assert.False(FileStat.SameFile(a, b));
        Assert.False(FileStat.SameFile(a, Path.Combine(_dir, "missing.json")));
        Assert.False(FileStat.SameFile("table", "table"));
    }

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
