using AwsHarden.Model;

namespace AwsHarden.Reports;

/// <summary>
/// Writes a file whole or not at all: the content goes to a temporary file beside the target, which then
/// replaces it, so an interrupted run never leaves half a report or plan where a whole one was.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes through <paramref name="write"/>; an IO or permission failure becomes a user error naming
    /// <paramref name="path"/>, with the temporary file removed.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp-" + Environment.ProcessId;
        try
        {
            using (var stream = File.Create(temp))
            {
                write(stream);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            var why = e is UnauthorizedAccessException ? "permission denied" : e.GetType().Name;
            throw new UserErrorException($"cannot write '{path}': {why}",
                "choose a path in a folder you can write to");
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the original error is the one worth reporting.
        }
    }
}
