namespace AwsHarden.Policies;

/// <summary>IAM's wildcard matching: <c>*</c> matches any run of characters, <c>?</c> exactly one. Actions
/// compare case-insensitively; ARNs compare case-sensitively, segment by segment.</summary>
public static class IamPattern
{
    /// <summary>True when the Action pattern (e.g. <c>ec2:Describe*</c>) covers the action.</summary>
    public static bool MatchesAction(string pattern, string action) =>
        Glob(pattern.Trim(), action.Trim(), ignoreCase: true);

    /// <summary>True when the Resource pattern covers the ARN. <c>*</c> covers everything; otherwise partition,
    /// service, region and account are matched as separate segments so a <c>*</c> cannot spill across them.
    /// </summary>
    public static bool MatchesResource(string pattern, string resource)
    {
        if (pattern == "*")
            return true;

        var patternParts = pattern.Split(':', 6);
        var resourceParts = resource.Split(':', 6);
        if (patternParts.Length != 6 || resourceParts.Length != 6)
            return Glob(pattern, resource, ignoreCase: false);

        for (var i = 0; i < 6; i++)
        {
            if (!Glob(patternParts[i], resourceParts[i], ignoreCase: false))
                return false;
        }

        return true;
    }

    /// <summary>True when a pattern matches any action at all: <c>*</c>, <c>*:*</c> and the like.</summary>
    public static bool IsAllActions(string pattern)
    {
        var trimmed = pattern.Trim();
        return trimmed.Length > 0 && trimmed.All(c => c is '*' or ':') && trimmed.Count(c => c == ':') <= 1;
    }

    /// <summary>True when a Resource pattern matches every resource: <c>*</c>, <c>arn:*</c>, or an ARN whose
    /// partition and every other segment are wildcards (<c>arn:aws:*:*:*:*</c>).</summary>
    public static bool IsAllResources(string pattern)
    {
        var trimmed = pattern.Trim();
        if (trimmed == "*" || trimmed == "arn:*")
            return true;

        var parts = trimmed.Split(':', 6);
        return parts.Length == 6 && parts[0] == "arn"
            && (parts[1] == "*" || parts[1].StartsWith("aws", StringComparison.Ordinal))
            && parts[2..].All(p => p.Length > 0 && p.All(c => c == '*'));
    }

    /// <summary>Classic wildcard match with backtracking to the last <c>*</c>: linear in practice, never
    /// exponential.</summary>
    internal static bool Glob(string pattern, string text, bool ignoreCase)
    {
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starT = t;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], text[t], ignoreCase)))
            {
                p++;
                t++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
