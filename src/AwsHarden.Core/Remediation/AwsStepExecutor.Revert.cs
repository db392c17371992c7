using System.Text.Json.Nodes;
using AwsHarden.Aws;
using AwsHarden.Aws.Clients;
using AwsHarden.Model;

namespace AwsHarden.Remediation;

/// <summary>Reads of the IAM resources an incident revert removes, and of the Config recorder containment
/// restarts. Each answers only whether the resource is there: that is all a removal's target says.</summary>
public sealed partial class AwsStepExecutor
{
    private delegate Task<bool> ExistsRead(IamClient iam, string id, CancellationToken ct);

    private static readonly Dictionary<string, ExistsRead> RevertReads = new(StringComparer.Ordinal)
    {
        [ResourceTypes.User] = (iam, id, ct) => iam.ExistsAsync("GetUser", "UserName", id, ct),
        [ResourceTypes.Role] = (iam, id, ct) => iam.ExistsAsync("GetRole", "RoleName", id, ct),
        [ResourceTypes.Group] = (iam, id, ct) => iam.ExistsAsync("GetGroup", "GroupName", id, ct),
        [ResourceTypes.ManagedPolicyArn] = (iam, id, ct) => iam.ExistsAsync("GetPolicy", "PolicyArn", id, ct),
        [ResourceTypes.MfaDevice] = (iam, id, ct) => ListedAsync(iam, "ListMFADevices", "MFADevices",
            "SerialNumber", "UserName", id, ct),
        [ResourceTypes.VirtualMfaDevice] = async (iam, id, ct) => (await iam.ListAsync("ListVirtualMFADevices",
            "VirtualMFADevices", "SerialNumber", [], ct).ConfigureAwait(false)).Contains(id),
        [ResourceTypes.GroupMembership] = (iam, id, ct) => ListedAsync(iam, "ListGroupsForUser", "Groups",
            "GroupName", "UserName", id, ct),
        [ResourceTypes.InstanceProfileRole] = (iam, id, ct) => ListedAsync(iam, "ListInstanceProfilesForRole",
            "InstanceProfiles", "InstanceProfileName", "RoleName", Swap(id), ct),
        [ResourceTypes.AttachedPolicy] = AttachedAsync,
    };

    private async Task<ResourceState> Ec2ReadAsync(ResourceKey key, CancellationToken ct)
    {
        var ec2 = new Ec2Client(session);
        var region = key.Region ?? session.HomeRegion;
        var ids = key.Id.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var present = key.Type switch
        {
            ResourceTypes.Ec2Instances => await ec2.AnyInstanceAliveAsync(region, ids, ct).ConfigureAwait(false),
            ResourceTypes.Ec2KeyPair => await ec2.KeyPairExistsAsync(region, key.Id, ct).ConfigureAwait(false),
            _ => await ec2.AnySecurityGroupRuleAsync(region, ids, ct).ConfigureAwait(false),
        };
        return present ? Steps.Present(key) : Steps.Absent(key);
    }

    private async Task<ResourceState> RevertReadAsync(ResourceKey key, CancellationToken ct) =>
        await RevertReads[key.Type](new IamClient(session), key.Id, ct).ConfigureAwait(false)
            ? Steps.Present(key)
            : Steps.Absent(key);

    // Id OWNER|ITEM: whether ITEM is in the owner's list; a missing owner has nothing.
    private static async Task<bool> ListedAsync(IamClient iam, string operation, string list, string member,
        string ownerParameter, string id, CancellationToken ct)
    {
        var (owner, item) = Split(id);
        try
        {
            var items = await iam.ListAsync(operation, list, member, [KeyValuePair.Create(ownerParameter, owner)], ct)
                .ConfigureAwait(false);
            return items.Contains(item);
        }
        catch (AwsServiceException ex) when (ex.Code == "NoSuchEntity")
        {
            return false;
        }
    }

    private static Task<bool> AttachedAsync(IamClient iam, string id, CancellationToken ct)
    {
        var parts = id.Split('|', 3);
        var (operation, owner) = parts[0] switch
        {
            "role" => ("ListAttachedRolePolicies", "RoleName"),
            "group" => ("ListAttachedGroupPolicies", "GroupName"),
            _ => ("ListAttachedUserPolicies", "UserName"),
        };
        return ListedAsync(iam, operation, "AttachedPolicies", "PolicyArn", owner, $"{parts[1]}|{parts[2]}", ct);
    }

    private static string Swap(string id)
    {
        var (first, second) = Split(id);
        return $"{second}|{first}";
    }

    private async Task<ResourceState> ConfigRecorderAsync(ResourceKey key, CancellationToken ct)
    {
        var region = key.Region ?? session.HomeRegion;
        System.Text.Json.JsonElement body;
        try
        {
            body = await AwsJsonProtocol.CallAsync(session.Sender, ConfigService, region, ConfigTarget,
                "DescribeConfigurationRecorderStatus",
                new JsonObject { ["ConfigurationRecorderNames"] = new JsonArray(key.Id) }, ct).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.Code == "NoSuchConfigurationRecorderException")
        {
            return Steps.Absent(key);
        }

        var status = body.Array("ConfigurationRecordersStatus").FirstOrDefault(s => s.String("name") == key.Id);
        return status.ValueKind == System.Text.Json.JsonValueKind.Object
            ? Steps.Present(key, ("Recording", Steps.Bool(status.Bool("recording"))))
            : Steps.Absent(key);
    }
}
