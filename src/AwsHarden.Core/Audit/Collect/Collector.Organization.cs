using AwsHarden.Aws.Clients;
using AwsHarden.Model;

namespace AwsHarden.Audit.Collect;

public sealed partial class Collector
{
    private const string ScpType = "SERVICE_CONTROL_POLICY";

    /// <summary>DescribeOrganization, then (where allowed: the management account or a delegated
    /// administrator) the SCPs on the account, each OU above it and the root.</summary>
    private async Task<OrganizationData> CollectOrganizationAsync(CancellationToken ct)
    {
        var organizations = new OrganizationsClient(session);
        var description = await organizations.DescribeOrganizationAsync(ct).ConfigureAwait(false);
        if (description is null)
        {
            return new OrganizationData { InOrganization = false };
        }

        var data = new OrganizationData
        {
            InOrganization = true,
            OrganizationId = description.Id,
            ManagementAccountId = description.ManagementAccountId,
            FeatureSet = description.FeatureSet,
        };

        try
        {
            return await AddPoliciesAsync(organizations, data, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (Record(ex, "organizations:ListRoots", null, ct) is { } error)
        {
            // Member accounts may describe their organization but not list its policies.
            return data with { PoliciesError = error };
        }
    }

    private async Task<OrganizationData> AddPoliciesAsync(
        OrganizationsClient organizations, OrganizationData data, CancellationToken ct)
    {
        var roots = await organizations.ListRootsAsync(ct).ConfigureAwait(false);
        var scpEnabled = roots.Any(r => r.EnabledPolicyTypes.Contains(ScpType));
        data = data with { ScpEnabled = scpEnabled };
        if (!scpEnabled)
        {
            return data;
        }

        var targets = await TargetsAboveAsync(organizations, accountId!, ct).ConfigureAwait(false);

        var attached = new List<(string Target, PolicySummary Policy)>();
        foreach (var target in targets)
        {
            var policies = await organizations.ListPoliciesForTargetAsync(target, ScpType, ct).ConfigureAwait(false);
            attached.AddRange(policies.Select(p => (target, p)));
        }

        // FullAWSAccess is attached to nearly every target: read each document once.
        var contents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in attached.Select(a => a.Policy.Id).Distinct())
        {
            contents[id] = await organizations.DescribePolicyAsync(id, ct).ConfigureAwait(false);
        }

        return data with
        {
            Policies = [.. attached.Select(a => new ServiceControlPolicy(
                a.Policy.Id, a.Policy.Name, a.Target, contents[a.Policy.Id], a.Policy.AwsManaged))],
        };
    }

    /// <summary>The account, then each parent up to and including the root.</summary>
    private static async Task<List<string>> TargetsAboveAsync(
        OrganizationsClient organizations, string accountId, CancellationToken ct)
    {
        var targets = new List<string> { accountId };
        var child = accountId;
        // OUs nest at most five deep under the root; the bound guards against a cycle in a bad answer.
        for (var depth = 0; depth < 8; depth++)
        {
            var parents = await organizations.ListParentsAsync(child, ct).ConfigureAwait(false);
            if (parents.Count == 0)
            {
                break;
            }

            var parent = parents[0];
            targets.Add(parent.Id);
            if (parent.Type == "ROOT")
            {
                break;
            }

            child = parent.Id;
        }

        return targets;
    }
}
