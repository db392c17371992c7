namespace AwsHarden.Policies;

/// <summary>An IAM or service control policy document, parsed tolerantly from the JSON IAM accepts.</summary>
/// <param name="UnknownKeys">Top-level keys other than Version, Id and Statement, kept for the grammar lint.</param>
public sealed record PolicyDocument(
    string? Version,
    string? Id,
    IReadOnlyList<PolicyStatement> Statements,
    IReadOnlyList<string> UnknownKeys)
{
    /// <summary>Parses JSON text or a URL-encoded document (as IAM returns it).</summary>
    /// <exception cref="PolicyParseException">The text is not a policy document; says where and why.</exception>
    public static PolicyDocument Parse(string json) => PolicyParser.Parse(json);

    /// <summary>Reads a document already parsed as JSON, e.g. one embedded in a GetAccountAuthorizationDetails
    /// export.</summary>
    public static PolicyDocument Parse(System.Text.Json.JsonElement json) => PolicyParser.Parse(json);

    /// <summary>Like <see cref="Parse(string)"/> but returns false instead of throwing.</summary>
    public static bool TryParse(string json, out PolicyDocument? document, out PolicyParseException? error)
    {
        try
        {
            document = Parse(json);
            error = null;
            return true;
        }
        catch (PolicyParseException ex)
        {
            document = null;
            error = ex;
            return false;
        }
    }
}

/// <summary>Allow or Deny; <see cref="Unknown"/> when the Effect text is neither (the lint reports it).</summary>
public enum PolicyEffect
{
    Unknown,
    Allow,
    Deny,
}

/// <summary>One statement. Empty lists mean the element was absent; null lists keep "absent" distinct where
/// IAM treats absence differently (Action vs NotAction, Resource vs NotResource).</summary>
/// <param name="EffectText">The Effect as written, so the lint can insist on IAM's exact spelling.</param>
/// <param name="UnknownKeys">Statement keys IAM does not define, kept for the grammar lint.</param>
public sealed record PolicyStatement(
    string? Sid,
    PolicyEffect Effect,
    string? EffectText,
    IReadOnlyList<string>? Actions,
    IReadOnlyList<string>? NotActions,
    IReadOnlyList<string>? Resources,
    IReadOnlyList<string>? NotResources,
    PolicyPrincipal? Principal,
    PolicyPrincipal? NotPrincipal,
    IReadOnlyList<ConditionClause> Conditions,
    IReadOnlyList<string> UnknownKeys)
{
    /// <summary>True when the statement's Action/NotAction covers <paramref name="action"/>.</summary>
    public bool CoversAction(string action) =>
        Actions is not null ? Actions.Any(p => IamPattern.MatchesAction(p, action))
        : NotActions is not null && !NotActions.Any(p => IamPattern.MatchesAction(p, action));

    /// <summary>True when Resource/NotResource covers <paramref name="resource"/>. A statement with neither
    /// (allowed in SCPs and trust policies) covers every resource.</summary>
    public bool CoversResource(string resource) =>
        Resources is not null ? Resources.Any(p => IamPattern.MatchesResource(p, resource))
        : NotResources is null || !NotResources.Any(p => IamPattern.MatchesResource(p, resource));
}

/// <summary>A Principal or NotPrincipal element: either <c>"*"</c> or a map of type (AWS, Service, Federated,
/// CanonicalUser) to identifiers.</summary>
public sealed record PolicyPrincipal(bool IsWildcard, IReadOnlyDictionary<string, IReadOnlyList<string>> ByType);
