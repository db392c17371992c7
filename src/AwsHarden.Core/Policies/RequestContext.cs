namespace AwsHarden.Policies;

/// <summary>Request context keys for evaluation. IAM condition keys are case-insensitive, so lookups are.</summary>
internal sealed class RequestContext(IReadOnlyDictionary<string, string> values)
{
    private readonly Dictionary<string, string> _values = new(values, StringComparer.OrdinalIgnoreCase);

    public bool TryGet(string key, out string value) => _values.TryGetValue(key.Trim(), out value!);
}

/// <summary>Policy variables such as <c>${aws:username}</c> and the escapes <c>${*}</c>, <c>${?}</c>,
/// <c>${$}</c>.</summary>
internal static class PolicyVariables
{
    /// <summary>The text with variables replaced, or null when a variable has no value and no default.</summary>
    public static string? Substitute(string text, RequestContext context)
    {
        if (!text.Contains("${", StringComparison.Ordinal))
            return text;

        var result = new System.Text.StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var start = text.IndexOf("${", i, StringComparison.Ordinal);
            var end = start < 0 ? -1 : text.IndexOf('}', start);
            if (end < 0)
                return result.Append(text, i, text.Length - i).ToString();

            result.Append(text, i, start - i);
            var value = Resolve(text[(start + 2)..end], context);
            if (value is null)
                return null;
            result.Append(value);
            i = end + 1;
        }

        return result.ToString();
    }

    // A variable may carry a default: ${aws:PrincipalTag/team, 'none'}.
    private static string? Resolve(string variable, RequestContext context)
    {
        // TODO(policies): ${*} and ${?} mean a literal character, but StringLike then reads them as wildcards.
        if (variable is "*" or "?" or "$")
            return variable;

        var comma = variable.IndexOf(',');
        var key = (comma < 0 ? variable : variable[..comma]).Trim();
        if (context.TryGet(key, out var value))
            return value;
        return comma < 0 ? null : variable[(comma + 1)..].Trim().Trim('\'');
    }
}
