using AwsHarden.Model;
using AwsHarden.Remediation;

namespace AwsHarden.Incident;

/// <summary>
/// The state each IAM revert call (and EC2 termination, key pair and rule removal) leaves, so that apply
/// skips a step already done (a second revert makes no write) and checks the calls worked; and the inverse of
/// the removals that can be put back.
/// </summary>
public static class RevertTargets
{
    /// <summary>The state the call leaves, in <see cref="ResourceTypes"/> terms; null when no read fits.</summary>
    public static ResourceState? Of(ApiCall call)
    {
        string P(string name) => call.Parameters.GetValueOrDefault(name) ?? "";
        if (call.Service == "ec2")
        {
            var ec2 = call.Operation switch
            {
                "TerminateInstances" => new ResourceKey(ResourceTypes.Ec2Instances, P("InstanceIds"), call.Region),
                "DeleteKeyPair" => new ResourceKey(ResourceTypes.Ec2KeyPair, P("KeyName"), call.Region),
                "RevokeSecurityGroupIngress" or "RevokeSecurityGroupEgress" =>
                    new ResourceKey(ResourceTypes.Ec2SecurityGroupRules, P("SecurityGroupRuleIds"), call.Region),
                _ => null,
            };
            return ec2 is null || ec2.Id.Length == 0 ? null : new ResourceState { Key = ec2, Exists = false };
        }

        if (call.Service != "iam")
            return null;
        var key = call.Operation switch
        {
            "DeleteUser" => new ResourceKey(ResourceTypes.User, P("UserName")),
            "DeleteRole" => new ResourceKey(ResourceTypes.Role, P("RoleName")),
            "DeleteGroup" => new ResourceKey(ResourceTypes.Group, P("GroupName")),
            "DeletePolicy" => new ResourceKey(ResourceTypes.ManagedPolicyArn, P("PolicyArn")),
            "DeleteLoginProfile" => new ResourceKey(ResourceTypes.LoginProfile, P("UserName")),
            "DeleteAccessKey" => new ResourceKey(ResourceTypes.AccessKeyById, $"{P("UserName")}|{P("AccessKeyId")}"),
            "DeactivateMFADevice" => new ResourceKey(ResourceTypes.MfaDevice, $"{P("UserName")}|{P("SerialNumber")}"),
            "DeleteVirtualMFADevice" => new ResourceKey(ResourceTypes.VirtualMfaDevice, P("SerialNumber")),
            "DetachUserPolicy" => Attached("user", P("UserName"), P("PolicyArn")),
            "DetachRolePolicy" => Attached("role", P("RoleName"), P("PolicyArn")),
            "DetachGroupPolicy" => Attached("group", P("GroupName"), P("PolicyArn")),
            "DeleteUserPolicy" => Inline("user", P("UserName"), P("PolicyName")),
            "DeleteRolePolicy" => Inline("role", P("RoleName"), P("PolicyName")),
            "DeleteGroupPolicy" => Inline("group", P("GroupName"), P("PolicyName")),
            "RemoveUserFromGroup" => new ResourceKey(ResourceTypes.GroupMembership,
                $"{P("UserName")}|{P("GroupName")}"),
            "RemoveRoleFromInstanceProfile" => new ResourceKey(ResourceTypes.InstanceProfileRole,
                $"{P("InstanceProfileName")}|{P("RoleName")}"),
            _ => null,
        };
        return key is null ? null : new ResourceState { Key = key, Exists = false };
    }

    /// <summary>The call that puts a removal back, or null when the change cannot be reversed.</summary>
    public static ApiCall? Inverse(ApiCall call)
    {
        var operation = call.Service != "iam" ? null : call.Operation switch
        {
            "DetachUserPolicy" => "AttachUserPolicy",
            "DetachRolePolicy" => "AttachRolePolicy",
            "DetachGroupPolicy" => "AttachGroupPolicy",
            "RemoveUserFromGroup" => "AddUserToGroup",
            "RemoveRoleFromInstanceProfile" => "AddRoleToInstanceProfile",
            _ => null,
        };
        return operation is null ? null : call with { Operation = operation };
    }

    /// <summary>What undo can do for the call, in words.</summary>
    public static string UndoText(ApiCall call) => Inverse(call) is { } inverse
        ? $"{inverse.Operation} again"
        : $"none: {call.Operation} cannot be reversed (what it removes is gone for good)";

    private static ResourceKey Attached(string kind, string owner, string arn) =>
        new(ResourceTypes.AttachedPolicy, $"{kind}|{owner}|{arn}");

    private static ResourceKey Inline(string kind, string owner, string name) =>
        new(ResourceTypes.InlinePolicy, $"{kind}|{owner}|{name}");
}
