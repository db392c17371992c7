using AwsHarden.Config;
using AwsHarden.Model;

namespace AwsHarden.Secrets;

/// <summary>
/// A reviewed list of known, harmless findings kept beside the code: one entry per line, <c>key AKIA…</c> for
/// a key id that must never be reported (a revoked test key) or <c>path GLOB</c> for files whose keys are
/// fixtures; <c>#</c> starts a comment. It is read only when named with <c>--allow-file</c>, never picked up
/// from a scanned tree, where whoever leaked a key could have added one.
/// </summary>
public sealed record AllowFile(IReadOnlySet<string> KeyIds, IReadOnlyList<string> PathGlobs)
{
    /// <summary>Reads and checks the file; a missing file or a malformed line is a user error naming
    /// the line.</summary>
    public static AllowFile Load(string path)
    {
        var lines = InputFile.ReadAllLines(path, InputKind.AllowFile);

        var keys = new HashSet<string>(StringComparer.Ordinal);
        var globs = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Split('#', 2)[0].Trim();
            if (line.Length == 0)
                continue;
            var parts = line.Split((char[]?)null, 2,
                StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            switch (parts)
            {
                case ["key", var id] when AccessKeyIds.IsAccessKeyId(id):
                    keys.Add(id);
                    break;
                case ["key", var id]:
                    throw Bad(path, i,
                        $"'{id}' is not an access key id (AKIA, ASIA, ABIA or ACCA and 16 characters)");
                case ["path", var glob]:
                    globs.Add(glob);
                    break;
                default:
                    throw Bad(path, i, $"'{line}' is neither 'key KEY_ID' nor 'path GLOB'");
            }
        }
        return new AllowFile(keys, globs);
    }

    private static UserErrorException Bad(string path, int index, string what) =>
        new($"--allow-file '{path}' line {index + 1}: {what}.", "write one 'key AKIA…' or 'path GLOB' per line");
}
