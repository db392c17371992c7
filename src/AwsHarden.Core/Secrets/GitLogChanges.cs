using System.Diagnostics;
using System.Globalization;
using System.Text;
using LibGit2Sharp;

namespace AwsHarden.Secrets;

/// <summary>
/// The change feed from <c>git log --raw</c>: every commit reachable from any ref, parents first, with
/// the blob ids its first-parent diff added or modified. It streams, so memory stays flat.
/// </summary>
internal static class GitLogChanges
{
    private const char HeaderMark = '\u0001';
    private const string NoBlob = "0000000000000000000000000000000000000000";

    public static bool IsAvailable()
    {
        try
        {
            using var git = Process.Start(Start(["--version"]))!;
            git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            return git.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    public static IEnumerable<CommitChanges> Read(string gitDir, CancellationToken ct)
    {
        using var git = Process.Start(Start(
        [
            "--git-dir", gitDir, "-c", "core.quotePath=false", "log", "--all", "--reverse", "--topo-order",
            "--raw", "--root", "--no-abbrev", "--no-renames", "--diff-merges=first-parent",
            $"--format={HeaderMark}%H %aI %an",
        ]))!;
        var errors = git.StandardError.ReadToEndAsync(ct);
        using var cancel = ct.Register(() => TryKill(git));

        CommitChanges? current = null;
        var blobs = new List<(string, ObjectId)>();
        while (git.StandardOutput.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] == HeaderMark)
            {
                if (current is not null)
                    yield return current with { Blobs = blobs };
                blobs = [];
                current = ParseHeader(line);
            }
            else if (ParseRaw(line) is { } change)
            {
                blobs.Add(change);
            }
        }
        if (current is not null)
            yield return current with { Blobs = blobs };

        git.WaitForExit();
        ct.ThrowIfCancellationRequested();
        if (git.ExitCode != 0 && !errors.Result.Contains("does not have any commits", StringComparison.Ordinal))
            throw new Model.UserErrorException(
                $"git log failed on '{gitDir}' ({git.ExitCode}): {FirstLine(errors.Result)}",
                "the repository may be damaged or incomplete; run 'git fsck'");
    }

    private static string FirstLine(string text) => text.Trim().Split('\n')[0];

    private static CommitChanges ParseHeader(string line)
    {
        var parts = line[1..].Split(' ', 3);
        var date = DateTimeOffset.Parse(parts[1], CultureInfo.InvariantCulture);
        return new CommitChanges(parts[0], date, parts.Length > 2 ? parts[2] : "", []);
    }

    // ":100644 100644 <old> <new> M<TAB>path"; gitlinks (160000) and deletions carry no blob to read.
    private static (string, ObjectId)? ParseRaw(string line)
    {
        var tab = line.IndexOf('\t');
        if (line.Length == 0 || line[0] != ':' || tab < 0)
            return null;

        var fields = line[1..tab].Split(' ');
        if (fields.Length < 5 || fields[1] == "160000" || fields[3] == NoBlob)
            return null;
        return (Unquote(line[(tab + 1)..]), new ObjectId(fields[3]));
    }

    /// <summary>Git C-quotes paths holding control characters, quotes or backslashes.</summary>
    private static string Unquote(string path)
    {
        if (path.Length < 2 || path[0] != '"' || path[^1] != '"')
            return path;

        var bytes = new List<byte>();
        for (var i = 1; i < path.Length - 1; i++)
        {
            if (path[i] != '\\')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(path[i].ToString()));
                continue;
            }
            var next = path[++i];
            if (next is >= '0' and <= '7')
            {
                bytes.Add(Convert.ToByte(path.Substring(i, 3), 8));
                i += 2;
            }
            else
            {
                bytes.Add((byte)(next switch { 'n' => '\n', 't' => '\t', 'a' => '\a', 'b' => '\b', 'f' => '\f',
                    'r' => '\r', 'v' => '\v', _ => next }));
            }
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static ProcessStartInfo Start(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        return start;
    }

    private static void TryKill(Process git)
    {
        try
        {
            git.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
