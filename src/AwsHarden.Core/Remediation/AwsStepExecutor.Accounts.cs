using System.Xml.Linq;
using AwsHarden.Aws;
using AwsHarden.Aws.Clients;
using AwsHarden.Model;
using AwsHarden.Remediation.Fixes;

namespace AwsHarden.Remediation;

/// <summary>Reads of Organizations and IAM resources.</summary>
public sealed partial class AwsStepExecutor
{
    private async Task<ResourceState> OrganizationAsync(ResourceKey key, CancellationToken ct)
    {
        var client = new OrganizationsClient(session);
        var org = await client.DescribeOrganizationAsync(ct).ConfigureAwait(false);
        if (org is null)
            return Steps.Absent(key);

        var roots = await client.ListRootsAsync(ct).ConfigureAwait(false);
        return Steps.Present(key, ("OrganizationId", org.Id), ("FeatureSet", org.FeatureSet ?? ""),
            ("MasterAccountId", org.ManagementAccountId ?? ""), ("RootId", roots.FirstOrDefault()?.Id ?? ""));
    }

    private async Task<ResourceState> PolicyTypeAsync(ResourceKey key, CancellationToken ct)
    {
        var client = new OrganizationsClient(session);
        if (await client.DescribeOrganizationAsync(ct).ConfigureAwait(false) is null)
            return Steps.Absent(key);

        var root = (await client.ListRootsAsync(ct).ConfigureAwait(false)).FirstOrDefault();
        var enabled = root?.EnabledPolicyTypes.Contains(key.Id) == true;
        return Steps.Present(key, ("Status", enabled ? "ENABLED" : "DISABLED"));
    }

    private async Task<ResourceState> ScpAsync(ResourceKey key, CancellationToken ct)
    {
        var client = new OrganizationsClient(session);
        var policy = await FindScpAsync(client, key.Id, ct).ConfigureAwait(false);
        if (policy is null)
            return Steps.Absent(key);

        var content = await client.DescribePolicyAsync(policy.Id, ct).ConfigureAwait(false);
        return Steps.Present(key, ("PolicyId", policy.Id), ("ContentSha256", CloudTrailFix.Sha256(content)));
    }

    private async Task<ResourceState> AttachmentAsync(ResourceKey key, CancellationToken ct)
    {
        var (name, target) = Split(key.Id);
        var client = new OrganizationsClient(session);
        var policy = await FindScpAsync(client, name, ct).ConfigureAwait(false);
        if (policy is null)
            return Steps.Absent(key);

        var targetId = target == "root"
            ? (await client.ListRootsAsync(ct).ConfigureAwait(false)).FirstOrDefault()?.Id ?? ""
            : target;
        var attached = await client.ListPoliciesForTargetAsync(targetId, ScpType, ct).ConfigureAwait(false);
        return attached.Exists(p => p.Id == policy.Id)
            ? Steps.Present(key, ("Attached", "true"))
            : Steps.Absent(key);
    }

    private static async Task<PolicySummary?> FindScpAsync(OrganizationsClient client, string name,
        CancellationToken ct)
    {
        try
        {
            var policies = await client.ListPoliciesAsync(ScpType, ct).ConfigureAwait(false);
            return policies.FirstOrDefault(p => p.Name == name);
        }
        catch (AwsServiceException ex) when (ex.Code == "AWSOrganizationsNotInUseException")
        {
            return null;
        }
    }

    private async Task<ResourceState> AccessKeyAsync(ResourceKey key, CancellationToken ct)
    {
        var (user, slotText) = Split(key.Id);
        var result = await IamAsync("ListAccessKeys", [KeyValuePair.Create("UserName", user)], ct)
            .ConfigureAwait(false);
        var keys = result.Members("AccessKeyMetadata").OrderBy(k => k.ChildDate("CreateDate")).ToList();
        var slot = int.Parse(slotText, System.Globalization.CultureInfo.InvariantCulture);
        if (slot < 1 || slot > keys.Count)
            return Steps.Absent(key);

        var found = keys[slot - 1];
        var created = found.ChildDate("CreateDate")?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ",
            System.Globalization.CultureInfo.InvariantCulture) ?? "";
        return Steps.Present(key, ("AccessKeyId", found.ChildValue("AccessKeyId") ?? ""),
            ("Status", found.ChildValue("Status") ?? ""), ("CreateDate", created));
    }

    private async Task<ResourceState> ManagedPolicyAsync(ResourceKey key, CancellationToken ct)
    {
        accountId ??= (await session.GetCallerIdentityAsync(ct).ConfigureAwait(false)).Account;
        var arn = $"arn:{session.Partition.Id}:iam::{accountId}:policy/{key.Id}";
        try
        {
            await IamAsync("GetPolicy", [KeyValuePair.Create("PolicyArn", arn)], ct).ConfigureAwait(false);
            return Steps.Present(key, ("Arn", arn));
        }
        catch (AwsServiceException ex) when (ex.Code == "NoSuchEntity")
        {
            return Steps.Absent(key);
        }
    }

    private async Task<ResourceState> UserPolicyAsync(ResourceKey key, CancellationToken ct)
    {
        var (user, policy) = Split(key.Id);
        var result = await IamAsync("ListAttachedUserPolicies", [KeyValuePair.Create("UserName", user)], ct)
            .ConfigureAwait(false);
        return result.Members("AttachedPolicies").Any(p => p.ChildValue("PolicyName") == policy)
            ? Steps.Present(key, ("Attached", "true"))
            : Steps.Absent(key);
    }

    private async Task<ResourceState> LoginProfileAsync(ResourceKey key, CancellationToken ct)
    {
        try
        {
            var result = await IamAsync("GetLoginProfile", [KeyValuePair.Create("UserName", key.Id)], ct)
                .ConfigureAwait(false);
            var created = (result.Child("LoginProfile") ?? result).ChildDate("CreateDate");
            return Steps.Present(key, ("CreateDate", created?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ",
                System.Globalization.CultureInfo.InvariantCulture) ?? ""));
        }
        catch (AwsServiceException ex) when (ex.Code == "NoSuchEntity")
        {
            return Steps.Absent(key);
        }
    }

    private async Task<ResourceState> AccessKeyByIdAsync(ResourceKey key, CancellationToken ct)
    {
        var (user, id) = Split(key.Id);
        XElement result;
        try
        {
            result = await IamAsync("ListAccessKeys", [KeyValuePair.Create("UserName", user)], ct)
                .ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.Code == "NoSuchEntity")
        {
            return Steps.Absent(key); // the user is gone, and its keys with it
        }

        var found = result.Members("AccessKeyMetadata").FirstOrDefault(k => k.ChildValue("AccessKeyId") == id);
        if (found is null)
            return Steps.Absent(key);

        var created = found.ChildDate("CreateDate")?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ",
            System.Globalization.CultureInfo.InvariantCulture) ?? "";
        return Steps.Present(key, ("Status", found.ChildValue("Status") ?? ""), ("CreateDate", created));
    }

    private async Task<ResourceState> InlinePolicyAsync(ResourceKey key, CancellationToken ct)
    {
        var parts = key.Id.Split('|');
        var (owner, operation) = parts[0] switch
        {
            "role" => ("RoleName", "GetRolePolicy"),
            "group" => ("GroupName", "GetGroupPolicy"),
            _ => ("UserName", "GetUserPolicy"),
        };
        try
        {
            var result = await IamAsync(operation,
                [KeyValuePair.Create(owner, parts[1]), KeyValuePair.Create("PolicyName", parts[2])], ct)
                .ConfigureAwait(false);
            // IAM returns the document URL-encoded.
            var document = Uri.UnescapeDataString(result.ChildValue("PolicyDocument") ?? "");
            return Steps.Present(key, ("TokenIssueTime", InlinePolicies.TokenIssueTime(document) ?? ""),
                ("PolicySha256", CloudTrailFix.Sha256(document)));
        }
        catch (AwsServiceException ex) when (ex.Code == "NoSuchEntity")
        {
            return Steps.Absent(key);
        }
    }

    // TODO(fix): users with more than 100 keys or attached policies would need the Marker followed.
    private Task<XElement> IamAsync(string operation, KeyValuePair<string, string>[] parameters,
        CancellationToken ct) =>
        AwsQueryProtocol.CallAsync(session.Sender, AwsService.Iam, IamClient.ApiVersion, session.HomeRegion,
            operation, parameters, ct);
}
