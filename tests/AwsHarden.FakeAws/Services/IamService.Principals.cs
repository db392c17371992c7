using System.Net;
using System.Xml.Linq;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.State;
using static AwsHarden.FakeAws.Protocol.WireFormat;

namespace AwsHarden.FakeAws.Services;

/// <summary>IAM's per-principal lists and the removals an incident revert makes. Deleting a user, role, group
/// or policy that still has dependencies answers DeleteConflict, as IAM does, so ordering is really tested.
/// </summary>
internal sealed partial class IamService
{
    private void RegisterPrincipalOperations()
    {
        On("GetUser", r => XmlResult.Of(new XElement("User", new XElement("UserName", User(r).Name),
            new XElement("Arn", UserArn(r.Account, User(r))))));
        On("GetRole", r => XmlResult.Of(new XElement("Role", new XElement("RoleName", Role(r).Name))));
        On("GetGroup", r => Page(r, "Users", [.. Members(r.Account, Group(r).Name).Select(u => Member(
            new XElement("UserName", u.Name), new XElement("Arn", UserArn(r.Account, u))))]));
        On("GetPolicy", r => XmlResult.Of(new XElement("Policy", new XElement("Arn", Policy(r).Arn),
            new XElement("AttachmentCount", r.Account.Iam.AttachmentCount(Policy(r).Arn)))));
        On("ListMFADevices", r => Page(r, "MFADevices", [.. User(r).MfaDevices.Select(d => Member(
            new XElement("UserName", User(r).Name), new XElement("SerialNumber", d.SerialNumber)))]));
        On("ListSigningCertificates", r => Page(r, "Certificates",
            [.. User(r).SigningCertificateIds.Select(id => Member(new XElement("CertificateId", id)))]));
        On("ListSSHPublicKeys", r => Page(r, "SSHPublicKeys",
            [.. User(r).SshPublicKeyIds.Select(id => Member(new XElement("SSHPublicKeyId", id)))]));
        On("ListServiceSpecificCredentials", r => XmlResult.Of(new XElement("ServiceSpecificCredentials",
            User(r).ServiceSpecificCredentialIds.Select(id =>
                Member(new XElement("ServiceSpecificCredentialId", id))))));
        On("ListAttachedUserPolicies", r => Attached(r, User(r).AttachedPolicyArns));
        On("ListAttachedRolePolicies", r => Attached(r, Role(r).AttachedPolicyArns));
        On("ListAttachedGroupPolicies", r => Attached(r, Group(r).AttachedPolicyArns));
        On("ListUserPolicies", r => Names(r, User(r).InlinePolicies.Keys));
        On("ListRolePolicies", r => Names(r, Role(r).InlinePolicies.Keys));
        On("ListGroupPolicies", r => Names(r, Group(r).InlinePolicies.Keys));
        On("ListGroupsForUser", r => Page(r, "Groups",
            [.. User(r).Groups.Select(g => Member(new XElement("GroupName", g)))]));
        On("ListInstanceProfilesForRole", r => Page(r, "InstanceProfiles",
            [.. Role(r).InstanceProfiles.Select(p => Member(new XElement("InstanceProfileName", p)))]));
        On("ListPolicyVersions", r => Page(r, "Versions", [.. Policy(r).Versions.Select(v => Member(
            new XElement("VersionId", v.VersionId), new XElement("IsDefaultVersion",
                Bool(v.VersionId == Policy(r).DefaultVersionId))))]));
        On("ListEntitiesForPolicy", ListEntitiesForPolicy);
        RegisterRemovals();
    }

    private void RegisterRemovals()
    {
        On("DeleteUser", DeleteUser);
        On("DeleteRole", DeleteRole);
        On("DeleteGroup", DeleteGroup);
        On("DeletePolicy", DeletePolicy);
        On("DeletePolicyVersion", r => Remove(Policy(r).Versions, v => v.VersionId == r.RequireParam("VersionId")
            && v.VersionId != Policy(r).DefaultVersionId, "policy version"));
        On("DetachUserPolicy", r => Remove(User(r).AttachedPolicyArns, r.RequireParam("PolicyArn"), "attachment"));
        On("DetachRolePolicy", r => Remove(Role(r).AttachedPolicyArns, r.RequireParam("PolicyArn"), "attachment"));
        On("DetachGroupPolicy", r => Remove(Group(r).AttachedPolicyArns, r.RequireParam("PolicyArn"), "attachment"));
        On("AttachUserPolicy", r => Add(User(r).AttachedPolicyArns, Policy(r).Arn));
        On("AttachRolePolicy", r => Add(Role(r).AttachedPolicyArns, Policy(r).Arn));
        On("AttachGroupPolicy", r => Add(Group(r).AttachedPolicyArns, Policy(r).Arn));
        On("DeleteGroupPolicy", r => DeleteInline(r, Group(r).InlinePolicies));
        On("RemoveUserFromGroup", r => Remove(User(r).Groups, Group(r).Name, "membership"));
        On("AddUserToGroup", r => Add(User(r).Groups, Group(r).Name));
        On("RemoveRoleFromInstanceProfile", r => Remove(Role(r).InstanceProfiles,
            r.RequireParam("InstanceProfileName"), "instance profile"));
        On("DeactivateMFADevice", DeactivateMfaDevice);
        On("DeleteVirtualMFADevice", r => Remove(r.Account.Iam.UnassignedVirtualMfaSerials,
            r.RequireParam("SerialNumber"), "unassigned virtual MFA device"));
        On("DeleteSigningCertificate", r => Remove(User(r).SigningCertificateIds, r.RequireParam("CertificateId"),
            "signing certificate"));
        On("DeleteSSHPublicKey", r => Remove(User(r).SshPublicKeyIds, r.RequireParam("SSHPublicKeyId"),
            "SSH public key"));
        On("DeleteServiceSpecificCredential", r => Remove(User(r).ServiceSpecificCredentialIds,
            r.RequireParam("ServiceSpecificCredentialId"), "service-specific credential"));
    }

    private static FakeResult DeleteUser(FakeRequest r)
    {
        var user = User(r);
        var left = new (string What, bool Has)[]
        {
            ("a login profile", user.LoginProfile is not null), ("access keys", user.AccessKeys.Count > 0),
            ("MFA devices", user.MfaDevices.Count > 0), ("signing certificates", user.SigningCertificateIds.Count > 0),
            ("SSH public keys", user.SshPublicKeyIds.Count > 0),
            ("service-specific credentials", user.ServiceSpecificCredentialIds.Count > 0),
            ("attached policies", user.AttachedPolicyArns.Count > 0),
            ("inline policies", user.InlinePolicies.Count > 0),
            ("groups", user.Groups.Count > 0),
        };
        Conflict("user", user.Name, left);
        r.Account.Iam.Users.Remove(user);
        return XmlResult.Empty;
    }

    private static FakeResult DeleteRole(FakeRequest r)
    {
        var role = Role(r);
        Conflict("role", role.Name, [("attached policies", role.AttachedPolicyArns.Count > 0),
            ("inline policies", role.InlinePolicies.Count > 0),
            ("instance profiles", role.InstanceProfiles.Count > 0)]);
        r.Account.Iam.Roles.Remove(role);
        return XmlResult.Empty;
    }

    private static FakeResult DeleteGroup(FakeRequest r)
    {
        var group = Group(r);
        Conflict("group", group.Name, [("members", Members(r.Account, group.Name).Any()),
            ("attached policies", group.AttachedPolicyArns.Count > 0),
            ("inline policies", group.InlinePolicies.Count > 0)]);
        r.Account.Iam.Groups.Remove(group);
        return XmlResult.Empty;
    }

    private static FakeResult DeletePolicy(FakeRequest r)
    {
        var policy = Policy(r);
        Conflict("policy", policy.Name, [("attachments", r.Account.Iam.AttachmentCount(policy.Arn) > 0),
            ("non-default versions", policy.Versions.Count > 1)]);
        r.Account.Iam.Policies.Remove(policy);
        return XmlResult.Empty;
    }

    private static void Conflict(string kind, string name, (string What, bool Has)[] left)
    {
        var remaining = left.Where(l => l.Has).Select(l => l.What).ToList();
        if (remaining.Count > 0)
        {
            throw new AwsErrorException("DeleteConflict", $"Cannot delete entity, must remove {string.Join(", ",
                remaining)} first. ({kind} {name})", HttpStatusCode.Conflict);
        }
    }

    // A virtual device deactivated stays in the account, unassigned, until DeleteVirtualMFADevice.
    private static FakeResult DeactivateMfaDevice(FakeRequest r)
    {
        var user = User(r);
        var serial = r.RequireParam("SerialNumber");
        var device = user.MfaDevices.Find(d => d.SerialNumber == serial)
            ?? throw NoSuchEntity($"MFA device {serial} is not enabled for user {user.Name}.");
        user.MfaDevices.Remove(device);
        if (device.IsVirtual)
            r.Account.Iam.UnassignedVirtualMfaSerials.Add(serial);
        return XmlResult.Empty;
    }

    private static FakeResult ListEntitiesForPolicy(FakeRequest r)
    {
        var arn = Policy(r).Arn;
        var iam = r.Account.Iam;
        return XmlResult.Of(
            new XElement("PolicyUsers", iam.Users.Where(u => u.AttachedPolicyArns.Contains(arn))
                .Select(u => Member(new XElement("UserName", u.Name)))),
            new XElement("PolicyRoles", iam.Roles.Where(x => x.AttachedPolicyArns.Contains(arn))
                .Select(x => Member(new XElement("RoleName", x.Name)))),
            new XElement("PolicyGroups", iam.Groups.Where(g => g.AttachedPolicyArns.Contains(arn))
                .Select(g => Member(new XElement("GroupName", g.Name)))),
            new XElement("IsTruncated", "false"));
    }

    private static FakeResult Attached(FakeRequest r, List<string> arns) => Page(r, "AttachedPolicies",
        [.. arns.Select(a => Member(new XElement("PolicyName", a.Split('/')[^1]), new XElement("PolicyArn", a)))]);

    private static FakeResult Names(FakeRequest r, IEnumerable<string> names) =>
        Page(r, "PolicyNames", [.. names.Select(n => new XElement("member", n))]);

    private static FakeResult Remove<T>(List<T> items, T item, string what) =>
        Remove(items, x => EqualityComparer<T>.Default.Equals(x, item), what);

    private static FakeResult Remove<T>(List<T> items, Predicate<T> match, string what) =>
        items.RemoveAll(match) > 0 ? XmlResult.Empty : throw NoSuchEntity($"The {what} cannot be found.");

    private static FakeResult Add(List<string> items, string item)
    {
        if (!items.Contains(item))
            items.Add(item);
        return XmlResult.Empty;
    }

    private static XElement Member(params XElement[] content) => new("member", content);

    private static IEnumerable<FakeUser> Members(FakeAccount account, string group) =>
        account.Iam.Users.Where(u => u.Groups.Contains(group));

    private static FakeUser User(FakeRequest r)
    {
        var name = r.RequireParam("UserName");
        return r.Account.Iam.FindUser(name) ?? throw NoSuchEntity($"The user with name {name} cannot be found.");
    }

    private static FakeRole Role(FakeRequest r)
    {
        var name = r.RequireParam("RoleName");
        return r.Account.Iam.FindRole(name) ?? throw NoSuchEntity($"The role with name {name} cannot be found.");
    }

    private static FakeGroup Group(FakeRequest r)
    {
        var name = r.RequireParam("GroupName");
        return r.Account.Iam.FindGroup(name) ?? throw NoSuchEntity($"The group with name {name} cannot be found.");
    }

    private static FakeManagedPolicy Policy(FakeRequest r)
    {
        var arn = r.RequireParam("PolicyArn");
        return r.Account.Iam.FindPolicy(arn)
            ?? throw NoSuchEntity($"Policy {arn} does not exist or is not attachable.");
    }
}
