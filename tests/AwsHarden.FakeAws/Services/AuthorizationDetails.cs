using System.Xml.Linq;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.State;
using static AwsHarden.FakeAws.Protocol.WireFormat;

namespace AwsHarden.FakeAws.Services;

// TODO(fake): tags, permissions boundaries and RoleLastUsed on instance-profile roles are not modelled.
/// <summary>
/// GetAccountAuthorizationDetails: users, groups, roles and policies as one list paged by Marker/MaxItems,
/// with every policy document URL-encoded as IAM returns it.
/// </summary>
internal static class AuthorizationDetails
{
    private static readonly string[] AllFilters = ["User", "Group", "Role", "LocalManagedPolicy", "AWSManagedPolicy"];

    public static FakeResult Handle(FakeRequest r)
    {
        var filters = r.ListParam("Filter.member") is { Count: > 0 } f ? f : AllFilters;
        var items = Items(r.Account, filters).ToList();
        var start = ParseToken(r.Param("Marker"), "InvalidInput");
        var max = Math.Clamp(r.IntParam("MaxItems") ?? 100, 1, 1000);
        var page = items.Skip(start).Take(max).ToList();
        var truncated = start + page.Count < items.Count;

        var content = new List<XElement>
        {
            new("UserDetailList", page.Where(i => i.List == "User").Select(i => i.Member())),
            new("GroupDetailList", page.Where(i => i.List == "Group").Select(i => i.Member())),
            new("RoleDetailList", page.Where(i => i.List == "Role").Select(i => i.Member())),
            new("Policies", page.Where(i => i.List == "Policy").Select(i => i.Member())),
            new("IsTruncated", Bool(truncated)),
        };
        if (truncated)
        {
            content.Add(new XElement("Marker", Token(start + page.Count)));
        }

        return new XmlResult(content);
    }

    /// <summary>Every entity in IAM's order; elements are built only for the page that is returned.</summary>
    private static IEnumerable<(string List, Func<XElement> Member)> Items(
        FakeAccount account, IReadOnlyList<string> filters)
    {
        var iam = account.Iam;
        var counts = AttachmentCounts(iam);
        IEnumerable<(string, Func<XElement>)> users = filters.Contains("User")
            ? iam.Users.Select(u => ("User", (Func<XElement>)(() => User(account, u)))) : [];
        IEnumerable<(string, Func<XElement>)> groups = filters.Contains("Group")
            ? iam.Groups.Select(g => ("Group", (Func<XElement>)(() => Group(account, g)))) : [];
        IEnumerable<(string, Func<XElement>)> roles = filters.Contains("Role")
            ? iam.Roles.Select(x => ("Role", (Func<XElement>)(() => Role(account, x)))) : [];
        var policies = iam.Policies
            .Where(p => p.IsAwsManaged
                ? filters.Contains("AWSManagedPolicy") && counts.GetValueOrDefault(p.Arn) > 0
                : filters.Contains("LocalManagedPolicy"))
            .Select(p => ("Policy", (Func<XElement>)(() => Policy(p, counts.GetValueOrDefault(p.Arn)))));
        return users.Concat(groups).Concat(roles).Concat(policies);
    }

    private static Dictionary<string, int> AttachmentCounts(FakeIam iam) => iam.Users
        .SelectMany(u => u.AttachedPolicyArns)
        .Concat(iam.Groups.SelectMany(g => g.AttachedPolicyArns))
        .Concat(iam.Roles.SelectMany(r => r.AttachedPolicyArns))
        .GroupBy(arn => arn, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static XElement User(FakeAccount account, FakeUser u) => new("member",
        new XElement("Path", u.Path),
        new XElement("UserName", u.Name),
        new XElement("UserId", u.UserId),
        new XElement("Arn", IamService.UserArn(account, u)),
        new XElement("CreateDate", Iso(u.CreateDate)),
        Inline("UserPolicyList", u.InlinePolicies),
        new XElement("GroupList", u.Groups.Select(g => new XElement("member", g))),
        Attached(account, u.AttachedPolicyArns));

    private static XElement Group(FakeAccount account, FakeGroup g) => new("member",
        new XElement("Path", g.Path),
        new XElement("GroupName", g.Name),
        new XElement("GroupId", g.GroupId),
        new XElement("Arn", account.IamArn($"group{g.Path}{g.Name}")),
        new XElement("CreateDate", Iso(g.CreateDate)),
        Inline("GroupPolicyList", g.InlinePolicies),
        Attached(account, g.AttachedPolicyArns));

    private static XElement Role(FakeAccount account, FakeRole role) => new("member",
        new XElement("Path", role.Path),
        new XElement("RoleName", role.Name),
        new XElement("RoleId", role.RoleId),
        new XElement("Arn", RoleArn(account, role)),
        new XElement("CreateDate", Iso(role.CreateDate)),
        new XElement("AssumeRolePolicyDocument", Uri.EscapeDataString(role.AssumeRolePolicyDocument)),
        new XElement("InstanceProfileList", role.InstanceProfiles.Select(p => InstanceProfile(account, role, p))),
        Inline("RolePolicyList", role.InlinePolicies),
        Attached(account, role.AttachedPolicyArns),
        new XElement("RoleLastUsed",
            Opt("LastUsedDate", role.LastUsedDate is { } d ? Iso(d) : null),
            Opt("Region", role.LastUsedRegion)));

    private static XElement InstanceProfile(FakeAccount account, FakeRole role, string name) => new("member",
        new XElement("Path", "/"),
        new XElement("InstanceProfileName", name),
        new XElement("InstanceProfileId", FakeIds.Iam("AIPA", account.AccountId + "profile" + name)),
        new XElement("Arn", InstanceProfileArn(account, name)),
        new XElement("CreateDate", Iso(role.CreateDate)),
        new XElement("Roles", new XElement("member",
            new XElement("Path", role.Path),
            new XElement("RoleName", role.Name),
            new XElement("RoleId", role.RoleId),
            new XElement("Arn", RoleArn(account, role)),
            new XElement("CreateDate", Iso(role.CreateDate)),
            new XElement("AssumeRolePolicyDocument", Uri.EscapeDataString(role.AssumeRolePolicyDocument)))));

    private static XElement Policy(FakeManagedPolicy p, int attachmentCount) => new("member",
        new XElement("PolicyName", p.Name),
        new XElement("PolicyId", p.PolicyId),
        new XElement("Arn", p.Arn),
        new XElement("Path", p.Path),
        new XElement("DefaultVersionId", p.DefaultVersionId),
        new XElement("AttachmentCount", attachmentCount),
        new XElement("PermissionsBoundaryUsageCount", 0),
        new XElement("IsAttachable", "true"),
        Opt("Description", p.Description),
        new XElement("CreateDate", Iso(p.CreateDate)),
        new XElement("UpdateDate", Iso(p.UpdateDate)),
        new XElement("PolicyVersionList", p.Versions.Select(v => new XElement("member",
            new XElement("Document", Uri.EscapeDataString(v.Document)),
            new XElement("VersionId", v.VersionId),
            new XElement("IsDefaultVersion", Bool(v.VersionId == p.DefaultVersionId)),
            new XElement("CreateDate", Iso(v.CreateDate))))));

    private static XElement Inline(string listName, Dictionary<string, string> policies) =>
        new(listName, policies.Select(kv => new XElement("member",
            new XElement("PolicyName", kv.Key),
            new XElement("PolicyDocument", Uri.EscapeDataString(kv.Value)))));

    private static XElement Attached(FakeAccount account, List<string> arns) =>
        new("AttachedManagedPolicies", arns.Select(arn => new XElement("member",
            new XElement("PolicyName", arn[(arn.LastIndexOf('/') + 1)..]),
            new XElement("PolicyArn", arn))));

    internal static string RoleArn(FakeAccount account, FakeRole role) => account.IamArn($"role{role.Path}{role.Name}");

    internal static string InstanceProfileArn(FakeAccount account, string name) =>
        account.IamArn($"instance-profile/{name}");
}
