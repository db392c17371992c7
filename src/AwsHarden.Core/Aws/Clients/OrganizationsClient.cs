using System.Text.Json;
using System.Text.Json.Nodes;

namespace AwsHarden.Aws.Clients;

/// <summary>The organization as DescribeOrganization tells it.</summary>
public sealed record OrganizationDescription(string Id, string? ManagementAccountId, string? FeatureSet);

/// <summary>An organization root and the policy types enabled on it.</summary>
public sealed record OrganizationRoot(string Id, IReadOnlyList<string> EnabledPolicyTypes);

/// <summary>A policy attached to a target, before its content is read.</summary>
public sealed record PolicySummary(string Id, string Name, bool AwsManaged);

/// <summary>AWS Organizations (JSON 1.1, global in us-east-1).</summary>
public sealed class OrganizationsClient(AwsSession session)
{
    private const string TargetPrefix = "AWSOrganizationsV20161128";

    /// <summary>The organization, or null when the account is in none (AWSOrganizationsNotInUseException).
    /// </summary>
    public async Task<OrganizationDescription?> DescribeOrganizationAsync(CancellationToken ct)
    {
        JsonElement body;
        try
        {
            body = await CallAsync("DescribeOrganization", null, ct).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.Code == "AWSOrganizationsNotInUseException")
        {
            return null;
        }

        var org = body.Object("Organization");
        return new OrganizationDescription(
            org?.String("Id") ?? "", org?.String("MasterAccountId"), org?.String("FeatureSet"));
    }

    public Task<List<OrganizationRoot>> ListRootsAsync(CancellationToken ct) =>
        AwsPaging.CollectAsync<OrganizationRoot>(async token =>
        {
            var body = await CallAsync("ListRoots", Paged(token), ct).ConfigureAwait(false);
            var roots = body.Array("Roots").Select(r => new OrganizationRoot(
                r.String("Id") ?? "",
                [.. r.Array("PolicyTypes").Where(p => p.String("Status") == "ENABLED")
                    .Select(p => p.String("Type") ?? "")]));
            return (roots.ToList(), body.String("NextToken"));
        });

    /// <summary>The parents (an OU or the root) of an account or OU, with their Type.</summary>
    public Task<List<(string Id, string Type)>> ListParentsAsync(string childId, CancellationToken ct) =>
        AwsPaging.CollectAsync<(string Id, string Type)>(async token =>
        {
            var input = Paged(token);
            input["ChildId"] = childId;
            var body = await CallAsync("ListParents", input, ct).ConfigureAwait(false);
            var parents = body.Array("Parents").Select(p => (p.String("Id") ?? "", p.String("Type") ?? ""));
            return (parents.ToList(), body.String("NextToken"));
        });

    public Task<List<PolicySummary>> ListPoliciesForTargetAsync(
        string targetId, string filter, CancellationToken ct) =>
        AwsPaging.CollectAsync<PolicySummary>(async token =>
        {
            var input = Paged(token);
            input["TargetId"] = targetId;
            input["Filter"] = filter;
            var body = await CallAsync("ListPoliciesForTarget", input, ct).ConfigureAwait(false);
            var policies = body.Array("Policies").Select(p =>
                new PolicySummary(p.String("Id") ?? "", p.String("Name") ?? "", p.Bool("AwsManaged")));
            return (policies.ToList(), body.String("NextToken"));
        });

    /// <summary>Every policy of a type in the organization (management account or delegated admin only).
    /// </summary>
    public Task<List<PolicySummary>> ListPoliciesAsync(string filter, CancellationToken ct) =>
        AwsPaging.CollectAsync<PolicySummary>(async token =>
        {
            var input = Paged(token);
            input["Filter"] = filter;
            var body = await CallAsync("ListPolicies", input, ct).ConfigureAwait(false);
            var policies = body.Array("Policies").Select(p =>
                new PolicySummary(p.String("Id") ?? "", p.String("Name") ?? "", p.Bool("AwsManaged")));
            return (policies.ToList(), body.String("NextToken"));
        });

    /// <summary>A policy's JSON content.</summary>
    public async Task<string> DescribePolicyAsync(string policyId, CancellationToken ct)
    {
        var body = await CallAsync("DescribePolicy", new JsonObject { ["PolicyId"] = policyId }, ct)
            .ConfigureAwait(false);
        return body.Object("Policy")?.String("Content") ?? "";
    }

    private static JsonObject Paged(string? token) => token is null ? [] : new JsonObject { ["NextToken"] = token };

    private Task<JsonElement> CallAsync(string operation, JsonObject? input, CancellationToken ct) =>
        AwsJsonProtocol.CallAsync(session.Sender, AwsService.Organizations, session.HomeRegion, TargetPrefix,
            operation, input, ct);
}
