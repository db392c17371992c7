using System.Globalization;
using System.Text.Json.Nodes;

namespace AwsHarden.FakeAws.State;

/// <summary>
/// Loads the output of <c>aws iam get-account-authorization-details</c> (documents as JSON objects or as
/// URL-encoded text) into an account's IAM, so tests can serve real-world IAM data.
/// </summary>
public static class AuthorizationDetailsImport
{
    public static void Into(FakeAccount account, string json)
    {
        var root = JsonNode.Parse(json) ?? throw new ArgumentException("empty authorization details", nameof(json));
        foreach (var p in Items(root, "Policies"))
        {
            account.Iam.Policies.Add(Policy(account, p));
        }

        foreach (var g in Items(root, "GroupDetailList"))
        {
            var group = new FakeGroup
            {
                Name = Text(g, "GroupName"),
                Path = Text(g, "Path", "/"),
                GroupId = Text(g, "GroupId"),
                CreateDate = Date(g, "CreateDate", account.CreatedAt),
            };
            Attach(g, group.AttachedPolicyArns, group.InlinePolicies, "GroupPolicyList");
            account.Iam.Groups.Add(group);
        }

        foreach (var u in Items(root, "UserDetailList"))
        {
            var user = account.AddUser(Text(u, "UserName"), Date(u, "CreateDate", account.CreatedAt),
                Text(u, "Path", "/"));
            user.Groups.AddRange(Items(u, "GroupList").Select(x => x.GetValue<string>()));
            Attach(u, user.AttachedPolicyArns, user.InlinePolicies, "UserPolicyList");
        }

        foreach (var r in Items(root, "RoleDetailList"))
        {
            var role = account.AddRole(Text(r, "RoleName"), Document(r["AssumeRolePolicyDocument"]),
                Text(r, "Path", "/"));
            role.InstanceProfiles.AddRange(Items(r, "InstanceProfileList").Select(p => Text(p, "InstanceProfileName")));
            Attach(r, role.AttachedPolicyArns, role.InlinePolicies, "RolePolicyList");
        }
    }

    private static FakeManagedPolicy Policy(FakeAccount account, JsonNode p)
    {
        var arn = Text(p, "Arn");
        var policy = new FakeManagedPolicy
        {
            Name = Text(p, "PolicyName"),
            Path = Text(p, "Path", "/"),
            PolicyId = Text(p, "PolicyId"),
            Arn = arn,
            IsAwsManaged = arn.Contains(":iam::aws:policy/", StringComparison.Ordinal),
            Description = p["Description"]?.GetValue<string>(),
            CreateDate = Date(p, "CreateDate", account.CreatedAt),
            UpdateDate = Date(p, "UpdateDate", account.CreatedAt),
            DefaultVersionId = Text(p, "DefaultVersionId", "v1"),
        };
        policy.Versions.AddRange(Items(p, "PolicyVersionList").Select(v => new FakePolicyVersion(
            Text(v, "VersionId"), Document(v["Document"]), Date(v, "CreateDate", policy.CreateDate))));
        return policy;
    }

    private static void Attach(JsonNode entity, List<string> attached, Dictionary<string, string> inline,
        string inlineList)
    {
        attached.AddRange(Items(entity, "AttachedManagedPolicies").Select(a => Text(a, "PolicyArn")));
        foreach (var p in Items(entity, inlineList))
        {
            inline[Text(p, "PolicyName")] = Document(p["PolicyDocument"]);
        }
    }

    /// <summary>Policy documents arrive as objects (CLI output) or URL-encoded text (the raw API).</summary>
    private static string Document(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var text) => Uri.UnescapeDataString(text),
        null => "{}",
        _ => node.ToJsonString(),
    };

    private static IEnumerable<JsonNode> Items(JsonNode node, string name) =>
        node[name] is JsonArray list ? list.OfType<JsonNode>() : [];

    private static string Text(JsonNode node, string name, string? fallback = null) =>
        node[name]?.GetValue<string>() ?? fallback ?? throw new ArgumentException($"missing {name}");

    private static DateTimeOffset Date(JsonNode node, string name, DateTimeOffset fallback) =>
        node[name]?.GetValue<string>() is { } text
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : fallback;
}
