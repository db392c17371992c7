using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AwsHarden.Policies;

/// <summary>Service control policies the fix flow proposes, built from parameters. Each returns the JSON text
/// to pass to organizations:CreatePolicy.</summary>
/// <remarks>Every template accepts break-glass principals (role ARN patterns) exempted through ArnNotLike on
/// <c>aws:PrincipalArn</c>, so an organization keeps one way to undo a mistake.</remarks>
public static class ScpTemplates
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Denies every regional action outside <paramref name="allowedRegions"/>; the services in
    /// <see cref="GlobalServices.ExemptActions"/> stay reachable.</summary>
    public static string DenyOutsideRegions(IReadOnlyCollection<string> allowedRegions,
        IReadOnlyCollection<string>? exemptPrincipalArns = null)
    {
        RequireValues(allowedRegions, nameof(allowedRegions), "at least one region");
        var statement = Statement("DenyOutsideAllowedRegions", notActions: GlobalServices.ExemptActions);
        statement["Condition"] = Condition(
            ("StringNotEquals", "aws:RequestedRegion", allowedRegions), exemptPrincipalArns);
        return Document(statement);
    }

    /// <summary>Denies launching EC2 instances whose type matches none of <paramref name="allowedTypes"/>
    /// (patterns such as <c>t3.*</c> are allowed).</summary>
    public static string DenyInstanceTypesExcept(IReadOnlyCollection<string> allowedTypes,
        IReadOnlyCollection<string>? exemptPrincipalArns = null, string partition = "aws")
    {
        RequireValues(allowedTypes, nameof(allowedTypes), "at least one instance type");

        // Only the instance resource carries ec2:InstanceType; on "*" the negated test would also hit the
        // subnet, image and volume resources of the same call and deny every launch.
        var statement = Statement("DenyUnapprovedInstanceTypes", actions: ["ec2:RunInstances"],
            resources: [$"arn:{partition}:ec2:*:*:instance/*"]);
        statement["Condition"] = Condition(
            ("StringNotLike", "ec2:InstanceType", allowedTypes), exemptPrincipalArns);
        return Document(statement);
    }

    /// <summary>Denies stopping, deleting or reconfiguring CloudTrail trails.</summary>
    public static string ProtectCloudTrail(IReadOnlyCollection<string>? exemptPrincipalArns = null) =>
        DenyActions("ProtectCloudTrail",
            ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail",
             "cloudtrail:PutEventSelectors"],
            exemptPrincipalArns);

    /// <summary>Denies deleting or weakening GuardDuty detectors and leaving the administrator account.</summary>
    public static string ProtectGuardDuty(IReadOnlyCollection<string>? exemptPrincipalArns = null) =>
        DenyActions("ProtectGuardDuty",
            ["guardduty:DeleteDetector", "guardduty:UpdateDetector", "guardduty:DisassociateFromAdministratorAccount",
             "guardduty:DisassociateFromMasterAccount", "guardduty:DeleteMembers", "guardduty:DisassociateMembers",
             "guardduty:StopMonitoringMembers", "guardduty:CreateFilter", "guardduty:UpdateFilter",
             "guardduty:CreateIPSet", "guardduty:UpdateIPSet"],
            exemptPrincipalArns);

    /// <summary>Denies deleting the log bucket, its objects, or changing its policy, lifecycle and versioning.
    /// </summary>
    public static string ProtectLogBucket(string bucketName, IReadOnlyCollection<string>? exemptPrincipalArns = null,
        string partition = "aws")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bucketName);
        var statement = Statement("ProtectLogBucket",
            actions: ["s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:PutBucketPolicy", "s3:PutLifecycleConfiguration",
                "s3:PutBucketVersioning", "s3:DeleteObject", "s3:DeleteObjectVersion"],
            resources: [$"arn:{partition}:s3:::{bucketName}", $"arn:{partition}:s3:::{bucketName}/*"]);
        if (exemptPrincipalArns is { Count: > 0 })
            statement["Condition"] = Condition(null, exemptPrincipalArns);
        return Document(statement);
    }

    /// <summary>Denies every action to the member accounts' root users.</summary>
    public static string DenyRootUser(string partition = "aws")
    {
        var statement = Statement("DenyRootUser", actions: ["*"]);
        statement["Condition"] = new JsonObject
        {
            ["ArnLike"] = new JsonObject { ["aws:PrincipalArn"] = $"arn:{partition}:iam::*:root" },
        };
        return Document(statement);
    }

    /// <summary>Denies organizations:LeaveOrganization, so a member account cannot escape the other SCPs.</summary>
    public static string DenyLeavingOrganization() =>
        DenyActions("DenyLeavingOrganization", ["organizations:LeaveOrganization"], null);

    /// <summary>Merges the statements of several SCPs into one document, to stay within the limit of five SCPs
    /// per target. Run <see cref="PolicyLint.CheckScp"/> on the result: the merge can exceed the size limit.
    /// </summary>
    public static string Combine(IEnumerable<string> scps)
    {
        var statements = new JsonArray();
        foreach (var scp in scps)
        {
            var node = JsonNode.Parse(PolicyParser.DecodeIfUrlEncoded(scp))?["Statement"];
            var items = node is JsonArray array ? array.Select(s => s?.DeepClone()) : [node?.DeepClone()];
            foreach (var item in items.Where(i => i is not null))
                statements.Add(item);
        }

        return new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = statements }.ToJsonString(Indented);
    }

    private static string DenyActions(string sid, string[] actions, IReadOnlyCollection<string>? exempt)
    {
        var statement = Statement(sid, actions: actions);
        if (exempt is { Count: > 0 })
            statement["Condition"] = Condition(null, exempt);
        return Document(statement);
    }

    private static JsonObject Statement(string sid, IEnumerable<string>? actions = null,
        IEnumerable<string>? notActions = null, IEnumerable<string>? resources = null)
    {
        var statement = new JsonObject { ["Sid"] = sid, ["Effect"] = "Deny" };
        if (actions is not null)
            statement["Action"] = Array(actions);
        if (notActions is not null)
            statement["NotAction"] = Array(notActions);
        statement["Resource"] = Array(resources ?? ["*"]);
        return statement;
    }

    private static JsonObject Condition((string Operator, string Key, IEnumerable<string> Values)? restriction,
        IReadOnlyCollection<string>? exemptPrincipalArns)
    {
        var condition = new JsonObject();
        if (restriction is { } r)
            condition[r.Operator] = new JsonObject { [r.Key] = Array(r.Values) };
        if (exemptPrincipalArns is { Count: > 0 })
            condition["ArnNotLike"] = new JsonObject { ["aws:PrincipalArn"] = Array(exemptPrincipalArns) };
        return condition;
    }

    private static string Document(JsonObject statement) =>
        new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = new JsonArray(statement) }.ToJsonString(Indented);

    private static JsonArray Array(IEnumerable<string> values) =>
        new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    private static void RequireValues(IReadOnlyCollection<string> values, string name, string what)
    {
        if (values.Count == 0 || values.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException($"The template needs {what}, and no blank entries.", name);
    }
}
