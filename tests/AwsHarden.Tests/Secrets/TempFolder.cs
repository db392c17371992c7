using System.Diagnostics;

namespace AwsHarden.Tests.Secrets;

/// <summary>A temporary folder for one test, deleted afterwards; can be made a git repository.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "awsh-" + Guid.NewGuid().ToString("N"))).FullName;

    public string Write(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Delete(string relative) => File.Delete(System.IO.Path.Combine(Path, relative));

    /// <summary>Runs git in the folder with a fixed identity and dates, and returns its stdout.</summary>
    public string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["GIT_AUTHOR_NAME"] = "Test Author";
        start.Environment["GIT_AUTHOR_EMAIL"] = "author@example.com";
        start.Environment["GIT_COMMITTER_NAME"] = "Test Author";
        start.Environment["GIT_COMMITTER_EMAIL"] = "author@example.com";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["HOME"] = Path;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error}");
        return output.Trim();
    }

    /// <summary>Stages everything and commits at the given date; returns the new commit's SHA.</summary>
    public string Commit(string message, DateTimeOffset date)
    {
        Git("add", "-A");
        var stamp = date.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        Git("commit", "-q", "--allow-empty", "-m", message, "--date", stamp);
        return Git("rev-parse", "HEAD");
    }

    /// <summary>Runs a POSIX shell script in the folder: for names and file types .NET cannot make.</summary>
    public void Shell(string script)
    {
        var start = new ProcessStartInfo("sh") { WorkingDirectory = Path, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"sh -c '{script}' failed: {error}");
    }

    public void InitRepository()
    {
        Git("init", "-q", "-b", "main");
    }

    public void Dispose()
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
                File.SetAttributes(file, FileAttributes.Normal);
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the test over it is not.
        }
    }
}
