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
            throw new UserErrorException($"cannot write '{path}': {Reason(e, Path.GetDirectoryName(full))}",
                "choose a path in a folder you can write to");
        }
    }

    /// <summary>Why a file could not be created, in plain words (no exception names, no temporary names).
    /// </summary>
    public static string Reason(Exception e, string? folder) => e switch
    {
        UnauthorizedAccessException => $"the folder '{folder}' is not writable (permission denied)",
        FileNotFoundException or DirectoryNotFoundException => $"the folder '{folder}' does not accept new files",
        IOException io when io.Message.Contains("space", StringComparison.OrdinalIgnoreCase) => "the disk is full",
        IOException io when io.Message.Contains("read-only", StringComparison.OrdinalIgnoreCase)
            => $"the folder '{folder}' is on a read-only file system",
        _ => "the file system refused it",
    };

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
