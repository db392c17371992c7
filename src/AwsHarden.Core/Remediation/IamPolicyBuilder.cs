using System.Text.Json.Nodes;

namespace AwsHarden.Remediation;

/// <summary>What the tool's own policy is for: reading the account, applying fixes, or both. <c>Revert</c> is
/// not part of <c>All</c>: it holds the deletions of an incident revert, to grant only for that time.</summary>
public enum IamPolicyScope { Audit, Fix, Incident, Secrets, All, Revert }

/// <summary>Builds the tool's least-privilege identity policy from the IAM actions its parts declare. The audit
/// actions come from a provider (the collector's list), the fix actions from <see cref="FixCatalog"/>.</summary>
public sealed class IamPolicyBuilder(Func<IEnumerable<string>> auditActions)
{
    /// <summary>The actions for a scope, de-duplicated and sorted.</summary>
    public IReadOnlyList<string> Actions(IamPolicyScope scope)
    {
        var audit = scope is IamPolicyScope.Audit or IamPolicyScope.All ? auditActions() : [];
        var fix = scope is IamPolicyScope.Fix or IamPolicyScope.All ? FixCatalog.DeclaredActions : [];
        var incident = scope is IamPolicyScope.Incident or IamPolicyScope.All
            ? AwsHarden.Incident.IncidentActions.Required
            : [];
        var secrets = scope is IamPolicyScope.Secrets or IamPolicyScope.All
            ? AwsHarden.Secrets.SecretsActions.Required
            : [];
        var revert = scope is IamPolicyScope.Revert ? AwsHarden.Incident.RevertPlanner.RevertActions : [];
        return audit.Concat(fix).Concat(incident).Concat(secrets).Concat(revert)
            .Where(a => a.Contains(':', StringComparison.Ordinal))
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The policy document: one Allow statement per service, on all resources.</summary>
    /// <remarks>Resources stay "*": most of these actions (List*, Describe*, Create*) take no resource ARN.
    /// </remarks>
    public string Build(IamPolicyScope scope)
    {
        var statements = new JsonArray();
        foreach (var service in Actions(scope).GroupBy(a => a[..a.IndexOf(':')]))
        {
            var sid = "Awsharden" + string.Concat(service.Key.Split('-').Select(Capitalise));
            statements.Add(new JsonObject
            {
                ["Sid"] = sid,
                ["Effect"] = "Allow",
                ["Action"] = new JsonArray(service.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
                ["Resource"] = "*",
            });
        }

        var document = new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = statements };
        return document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private static string Capitalise(string part) =>
        part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..];
}
