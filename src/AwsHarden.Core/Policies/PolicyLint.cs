using System.Text.Encodings.Web;
using System.Text.Json;

namespace AwsHarden.Policies;

/// <summary>How bad a lint issue is: an Error makes AWS reject the document, a Warning does not.</summary>
public enum LintSeverity
{
    Warning,
    Error,
}

/// <summary>One lint issue with a stable code (e.g. <c>size.limit</c>) and a message naming the fix.</summary>
public sealed record PolicyLintIssue(LintSeverity Severity, string Code, string Message);

/// <summary>The lint result. Sizes count characters after URL-decoding, as the Organizations API does.</summary>
/// <param name="WrittenLength">Characters as written, whitespace included.</param>
/// <param name="MinifiedLength">Characters with insignificant whitespace removed; null when the JSON is invalid.
/// </param>
public sealed record PolicyLintReport(IReadOnlyList<PolicyLintIssue> Issues, int WrittenLength, int? MinifiedLength)
{
    /// <summary>True when no issue would make AWS reject the document.</summary>
    public bool IsValid => Issues.All(i => i.Severity != LintSeverity.Error);
}

/// <summary>Size and grammar checks for service control policies, run before a fix creates or updates one.
/// </summary>
public static class PolicyLint
{
    /// <summary>The Organizations quota on an SCP's size, in characters including whitespace.</summary>
    public const int ScpMaxCharacters = 10_240;

    /// <summary>The Organizations quota on SCPs attached to one root, OU or account.</summary>
    public const int ScpMaxPerTarget = 5;

    private static readonly JsonWriterOptions Compact = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Lints an SCP: parse errors, size against <see cref="ScpMaxCharacters"/>, and grammar.</summary>
    public static PolicyLintReport CheckScp(string scpJson)
    {
        var json = PolicyParser.DecodeIfUrlEncoded(scpJson);
        var issues = new List<PolicyLintIssue>();
        if (!PolicyDocument.TryParse(json, out var document, out var error))
        {
            issues.Add(new(LintSeverity.Error, "parse.invalid", error!.Message));
            return new PolicyLintReport(issues, json.Length, null);
        }

        var minified = Minify(json);
        issues.AddRange(CheckSize(json.Length, minified.Length));
        issues.AddRange(CheckGrammar(document!, isScp: true));
        return new PolicyLintReport(issues, json.Length, minified.Length);
    }

    /// <summary>An issue when more SCPs would be attached to one target than Organizations allows.</summary>
    public static PolicyLintIssue? CheckScpAttachments(int attachedCount) =>
        attachedCount <= ScpMaxPerTarget ? null
        : new(LintSeverity.Error, "scp.too-many-attached",
            $"{attachedCount} SCPs on one target; Organizations allows {ScpMaxPerTarget}. "
            + "Merge statements into fewer policies.");

    /// <summary>Re-serialises the JSON without insignificant whitespace, keeping non-ASCII characters as-is.
    /// </summary>
    /// <exception cref="PolicyParseException">The text is not valid JSON.</exception>
    public static string Minify(string json)
    {
        using var document = PolicyParser.ParseJson(PolicyParser.DecodeIfUrlEncoded(json));
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
            document.WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static IEnumerable<PolicyLintIssue> CheckSize(int written, int minified)
    {
        if (minified > ScpMaxCharacters)
        {
            yield return new(LintSeverity.Error, "size.limit",
                $"{minified} characters even minified; an SCP may have {ScpMaxCharacters}. Split it.");
        }
        else if (written > ScpMaxCharacters)
        {
            yield return new(LintSeverity.Error, "size.whitespace",
                $"{written} characters as written ({minified} minified); an SCP may have {ScpMaxCharacters} "
                + "and whitespace counts. Submit the minified text.");
        }
    }

    /// <summary>Grammar checks shared by SCPs and identity policies.</summary>
    internal static IEnumerable<PolicyLintIssue> CheckGrammar(PolicyDocument document, bool isScp)
    {
        foreach (var key in document.UnknownKeys)
            yield return Error("grammar.unknown-key", $"Unknown top-level key '{key}'.");
        if (document.Version is not ("2012-10-17" or "2008-10-17"))
            yield return Warning("grammar.version", "Version should be \"2012-10-17\"; without it, policy "
                + "variables are not substituted.");
        if (document.Statements.Count == 0)
            yield return Error("grammar.no-statement", "The document has no Statement.");

        var sids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < document.Statements.Count; i++)
        {
            var statement = document.Statements[i];
            var where = $"Statement {statement.Sid ?? (i + 1).ToString()}";
            if (statement.Sid is { } sid && !sids.Add(sid))
                yield return Error("grammar.duplicate-sid", $"{where}: Sid '{sid}' is used twice.");
            foreach (var issue in CheckStatement(statement, where, isScp))
                yield return issue;
        }
    }

    private static IEnumerable<PolicyLintIssue> CheckStatement(PolicyStatement s, string where, bool isScp)
    {
        foreach (var key in s.UnknownKeys)
            yield return Error("grammar.unknown-key", $"{where}: unknown key '{key}'.");
        if (s.EffectText is not ("Allow" or "Deny"))
            yield return Error("grammar.effect", $"{where}: Effect must be \"Allow\" or \"Deny\", "
                + $"not \"{s.EffectText ?? "(missing)"}\".");
        if (s.Actions is null && s.NotActions is null)
            yield return Error("grammar.missing-action", $"{where}: needs Action or NotAction.");
        if (s.Actions is not null && s.NotActions is not null)
            yield return Error("grammar.action-and-notaction", $"{where}: has both Action and NotAction.");
        if (s.Resources is not null && s.NotResources is not null)
            yield return Error("grammar.resource-and-notresource", $"{where}: has both Resource and NotResource.");
        if (s.Sid is { } sid && !sid.All(char.IsAsciiLetterOrDigit))
            yield return Error("grammar.sid", $"{where}: a Sid may hold only letters and digits.");
        if (isScp && (s.Principal is not null || s.NotPrincipal is not null))
            yield return Error("grammar.scp-principal", $"{where}: SCPs do not support Principal or NotPrincipal.");

        foreach (var clause in s.Conditions.Where(c => !c.IsKnownOperator).DistinctBy(c => c.Operator))
            yield return Error("grammar.unknown-operator", $"{where}: unknown condition operator '{clause.Operator}'.");
    }

    private static PolicyLintIssue Error(string code, string message) => new(LintSeverity.Error, code, message);

    private static PolicyLintIssue Warning(string code, string message) => new(LintSeverity.Warning, code, message);
}
