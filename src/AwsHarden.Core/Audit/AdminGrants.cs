using System.Text.Json;
using AwsHarden.Model;
using AwsHarden.Policies;

namespace AwsHarden.Audit;

/// <summary>Which policies of a principal allow <c>*</c> on <c>*</c>, and what kept a policy from being read.</summary>
internal sealed record AdminGrant(IReadOnlyList<string> Grants, IReadOnlyList<string> Problems)
{
    public bool IsAdmin => Grants.Count > 0;
}

/// <summary>Evaluates principals' policies for full administrator access, via <see cref="PolicyAnalysis"/>.</summary>
internal sealed class AdminGrants(AuthorizationDetails details)
{
    private readonly Dictionary<string, string?> documents = details.Policies
        .GroupBy(p => p.Arn, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First().Document, StringComparer.Ordinal);

    public AdminGrant Of(IReadOnlyList<AttachedPolicy> attached, IReadOnlyList<InlinePolicy> inline)
    {
        var grants = new List<string>();
        var problems = new List<string>();

        foreach (var policy in attached)
        {
            if (documents.GetValueOrDefault(policy.Arn) is not { } document)
                problems.Add($"the document of managed policy {policy.Name} is not in the snapshot");
            else
                Evaluate($"managed policy {policy.Name}", document, grants, problems);
        }

        foreach (var policy in inline)
            Evaluate($"inline policy {policy.Name}", policy.Document, grants, problems);

        return new AdminGrant(grants, problems);
    }

    /// <summary>Evaluates one document; a damaged document is a problem to report, never a silent "no".</summary>
    public static bool? GrantsFullAdmin(string document)
    {
        try
        {
            return PolicyAnalysis.GrantsFullAdmin(document);
        }
        catch (Exception e) when (e is PolicyParseException or JsonException or FormatException
                                       or ArgumentException)
        {
            return null;
        }
    }

    private static void Evaluate(string label, string document, List<string> grants, List<string> problems)
    {
        switch (GrantsFullAdmin(document))
        {
            case true: grants.Add(label); break;
            case null: problems.Add($"{label} could not be parsed"); break;
        }
    }
}
