using System.Buffers;
using System.Text.RegularExpressions;

namespace AwsHarden.Secrets;

/// <summary>An access key id found in one text, with the secret and session token found beside it.</summary>
public sealed record DetectedKey(string KeyId, SecretText? Secret, SecretText? SessionToken, int Line, int Column)
{
    /// <summary>The member of an archive the key was found in (<c>a.zip!inner/b.tar!c.env</c>), else null;
    /// <see cref="Line"/> then counts within that member.</summary>
    public string? Member { get; init; }

    /// <summary>Where the key is, given the path of the file, blob or object that held it.</summary>
    public string PathIn(string path) => Member is null ? path : $"{path}!{Member}";
}

/// <summary>
/// Finds AWS access key ids in text and pairs each with a secret access key (and, for ASIA ids, a session
/// token) written nearby: on the same line, a few lines around it, or in the same ini section.
/// </summary>
public static partial class SecretDetector
{
    // Lines around a key id searched for its secret; covers ini blocks, env files, JSON and YAML objects.
    private const int LinesBefore = 3;
    private const int LinesAfter = 6;

    // A key id inside a base64 run this long is a slice of some encoded blob (an integrity hash, a
    // certificate), not a key someone wrote down.
    private const int EncodedBlobRun = 64;

    private static readonly SearchValues<string> Prefixes =
        SearchValues.Create(["AKIA", "ASIA", "ABIA", "ACCA"], StringComparison.Ordinal);

    private static readonly SearchValues<char> Base64Chars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+");

    [GeneratedRegex("(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])")]
    private static partial Regex KeyIdPattern();

    [GeneratedRegex("(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")]
    private static partial Regex SecretPattern();

    [GeneratedRegex("(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{100,}={0,2}(?![A-Za-z0-9/+=])")]
    private static partial Regex SessionTokenPattern();

    /// <summary>Cheap test run before <see cref="Detect"/>: false means the text holds no key id.</summary>
    public static bool MightContainKeyId(ReadOnlySpan<char> text) => text.ContainsAny(Prefixes);

    /// <summary>Cheap byte-level test for content not yet decoded.</summary>
    public static bool MightContainKeyId(ReadOnlySpan<byte> content) =>
        content.IndexOf("AKIA"u8) >= 0 || content.IndexOf("ASIA"u8) >= 0
        || content.IndexOf("ABIA"u8) >= 0 || content.IndexOf("ACCA"u8) >= 0;

    /// <summary>Every credential key id in the text that is not a documentation placeholder.</summary>
    public static IReadOnlyList<DetectedKey> Detect(string text)
    {
        if (!MightContainKeyId(text.AsSpan()))
            return [];

        var keyMatches = KeyIdPattern().Matches(text).Where(m => IsWrittenKey(text, m)).ToList();
        if (keyMatches.Count == 0)
            return [];

        var lines = new LineIndex(text);
        var secrets = Candidates(SecretPattern(), text, lines, IsPlausibleSecret);
        var tokens = keyMatches.Any(m => m.Value.StartsWith("ASIA", StringComparison.Ordinal))
            ? Candidates(SessionTokenPattern(), text, lines, _ => true)
            : [];

        return keyMatches.Select(m => Pair(m, lines, secrets, tokens)).ToList();
    }

    private static bool IsWrittenKey(string text, Match match)
    {
        if (AccessKeyIds.IsDocumentationPlaceholder(match.Value))
            return false;

        var start = match.Index;
        while (start > 0 && Base64Chars.Contains(text[start - 1]))
            start--;
        var end = match.Index + match.Length;
        while (end < text.Length && Base64Chars.Contains(text[end]))
            end++;
        return end - start < EncodedBlobRun;
    }

    /// <summary>
    /// A secret access key is base64 of random bytes: forty characters mixing upper and lower case with
    /// digits or symbols. Git SHAs and other hex digests are all one case and never qualify.
    /// </summary>
    internal static bool IsPlausibleSecret(string value)
    {
        if (value.EndsWith("EXAMPLEKEY", StringComparison.Ordinal))
            return false;

        var span = value.AsSpan();
        var hasUpper = span.IndexOfAnyInRange('A', 'Z') >= 0;
        var hasLower = span.IndexOfAnyInRange('a', 'z') >= 0;
        var hasOther = span.IndexOfAnyInRange('0', '9') >= 0 || span.IndexOfAny('/', '+') >= 0;
        return hasUpper && hasLower && hasOther;
    }

    private static List<Candidate> Candidates(Regex pattern, string text, LineIndex lines, Func<string, bool> accept)
    {
        var found = new List<Candidate>();
        foreach (Match m in pattern.Matches(text))
        {
            if (!accept(m.Value))
                continue;
            var line = lines.LineOf(m.Index);
            var hint = lines.LineText(line).Contains("secret", StringComparison.OrdinalIgnoreCase)
                || lines.LineText(line).Contains("token", StringComparison.OrdinalIgnoreCase);
            found.Add(new Candidate(m.Value, m.Index, line, hint));
        }
        return found;
    }

    private static DetectedKey Pair(Match key, LineIndex lines, List<Candidate> secrets, List<Candidate> tokens)
    {
        var line = lines.LineOf(key.Index);
        var column = key.Index - lines.StartOf(line) + 1;
        var secret = Nearest(secrets, key.Index, line, lines);
        var token = AccessKeyIds.IsTemporary(key.Value) ? Nearest(tokens, key.Index, line, lines) : null;

        return new DetectedKey(
            key.Value,
            secret is null ? null : new SecretText(secret.Value),
            token is null ? null : new SecretText(token.Value),
            line,
            column);
    }

    private static Candidate? Nearest(List<Candidate> candidates, int offset, int line, LineIndex lines)
    {
        var section = lines.SectionOf(line);
        return candidates
            .Where(c => (c.Line >= line - LinesBefore && c.Line <= line + LinesAfter)
                || (section is not null && lines.SectionOf(c.Line) == section))
            .OrderByDescending(c => c.Line == line || c.HasHint)
            .ThenBy(c => Math.Abs(c.Line - line))
            .ThenBy(c => c.Offset < offset)
            .FirstOrDefault();
    }

    private sealed record Candidate(string Value, int Offset, int Line, bool HasHint);
}
