namespace AwsHarden.Policies;

/// <summary>Questions the audit checks ask of a policy, answered from the parsed document (never a text search).
/// Every method throws <see cref="PolicyParseException"/> when the text is not a policy document.</summary>
public static class PolicyAnalysis
{
    private const string RegionKey = "aws:RequestedRegion";
    private const string InstanceTypeKey = "ec2:InstanceType";
    private const string InstanceArn = "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0";

    /// <summary>Actions that let a principal grant itself everything; an Allow with NotAction that leaves all of
    /// them allowed is administrator-equivalent.</summary>
    internal static IReadOnlyList<string> EscalationProbes { get; } =
    [
        "iam:AttachUserPolicy", "iam:PutUserPolicy", "iam:AttachRolePolicy", "iam:PutRolePolicy",
        "iam:CreatePolicyVersion", "iam:CreateAccessKey", "iam:PassRole", "iam:UpdateAssumeRolePolicy",
        "sts:AssumeRole",
    ];

    private static readonly string[] NegatedStringOperators =
        ["StringNotEquals", "StringNotLike", "StringNotEqualsIgnoreCase"];

    /// <summary>True when an Allow statement grants every action on every resource without a limiting
    /// condition.</summary>
    /// <remarks>
    /// The rule: Effect Allow; Action a match-all pattern (<c>*</c>, <c>*:*</c>), or NotAction that excludes
    /// none of the privilege-escalation actions (so PowerUserAccess, which excludes <c>iam:*</c>, is not admin,
    /// but NotAction <c>s3:DeleteBucket</c> is); Resource a match-all pattern (<c>*</c>, <c>arn:aws:*:*:*:*</c>);
    /// and no Condition clause that some request could fail (a MultiFactorAuthPresent or SourceIp condition
    /// limits the grant, a <c>StringLikeIfExists</c> with <c>*</c> does not).
    /// </remarks>
    public static bool GrantsFullAdmin(string policyJson) => GrantsFullAdmin(PolicyDocument.Parse(policyJson));

    /// <inheritdoc cref="GrantsFullAdmin(string)"/>
    // TODO(policies): Allow with NotResource naming one unused ARN is admin in practice but is not reported.
    public static bool GrantsFullAdmin(PolicyDocument policy) =>
        policy.Statements.Any(s => s.Effect == PolicyEffect.Allow
            && CoversAllActionsForAdmin(s)
            && s.Resources is not null && s.Resources.Any(IamPattern.IsAllResources)
            && s.Conditions.All(IsAlwaysTrue));

    /// <summary>True when the SCP denies requests outside a set of regions (a Deny conditioned on
    /// <c>aws:RequestedRegion</c>).</summary>
    /// <remarks>
    /// The rule: a Deny on all resources whose Action is match-all, or whose NotAction exempts only services
    /// that are not regional workloads (<see cref="GlobalServices"/>); a <c>StringNotEquals</c>,
    /// <c>StringNotLike</c> (or IfExists / <c>ForAnyValue:</c>) clause on <c>aws:RequestedRegion</c> naming at
    /// least one region; other clauses only exemptions (negated operators, such as a break-glass role
    /// excluded by ArnNotLike on <c>aws:PrincipalArn</c>). A Deny that lists forbidden regions is a deny list,
    /// not a restriction to a set, and does not count.
    /// </remarks>
    public static bool RestrictsRegions(string scpJson) => AllowedRegions(PolicyDocument.Parse(scpJson)) is not null;

    /// <summary>The regions a region-restricting SCP leaves open, or null when it does not restrict regions.
    /// </summary>
    public static IReadOnlyList<string>? AllowedRegions(PolicyDocument scp) =>
        scp.Statements
            .Where(s => s.Effect == PolicyEffect.Deny && CoversNearlyAllActions(s) && CoversAllResources(s))
            .Select(s => RestrictingValues(s, RegionKey))
            .FirstOrDefault(v => v is not null);

    /// <summary>True when the SCP denies launching EC2 instances of types outside a set
    /// (a Deny on ec2:RunInstances conditioned on <c>ec2:InstanceType</c>).</summary>
    /// <remarks>
    /// The rule: a Deny covering <c>ec2:RunInstances</c> (by name, <c>ec2:*</c>, <c>*</c> or a NotAction that
    /// leaves it in) on instance ARNs, with a <c>StringNotEquals</c> / <c>StringNotLike</c> clause on
    /// <c>ec2:InstanceType</c> naming at least one type, and otherwise only exemption clauses.
    /// </remarks>
    public static bool RestrictsInstanceTypes(string scpJson) =>
        AllowedInstanceTypes(PolicyDocument.Parse(scpJson)) is not null;

    /// <summary>The instance types (patterns) an SCP leaves open, or null when it does not restrict them.</summary>
    public static IReadOnlyList<string>? AllowedInstanceTypes(PolicyDocument scp) =>
        scp.Statements
            .Where(s => s.Effect == PolicyEffect.Deny
                && s.CoversAction("ec2:RunInstances") && s.CoversResource(InstanceArn))
            .Select(s => RestrictingValues(s, InstanceTypeKey))
            .FirstOrDefault(v => v is not null);

    private static bool CoversAllActionsForAdmin(PolicyStatement s) =>
        s.Actions is not null
            ? s.Actions.Any(IamPattern.IsAllActions)
            : s.NotActions is not null && EscalationProbes.All(s.CoversAction);

    private static bool CoversNearlyAllActions(PolicyStatement s) =>
        s.Actions is not null
            ? s.Actions.Any(IamPattern.IsAllActions)
            : s.NotActions is not null && GlobalServices.RegionalProbes.All(s.CoversAction);

    private static bool CoversAllResources(PolicyStatement s) =>
        s.Resources is null ? s.NotResources is null : s.Resources.Any(IamPattern.IsAllResources);

    // The allow-list of a Deny: the values of its negated clause on the key, when every other clause is an
    // exemption and the list does not itself match everything.
    private static IReadOnlyList<string>? RestrictingValues(PolicyStatement s, string key)
    {
        var restricting = s.Conditions.Where(c => IsAllowList(c, key)).ToList();
        if (restricting.Count == 0 || !s.Conditions.Except(restricting).All(IsExemption))
            return null;

        return restricting[0].Values;
    }

    private static bool IsAllowList(ConditionClause c, string key) =>
        c.Key.Trim().Equals(key, StringComparison.OrdinalIgnoreCase)
        && NegatedStringOperators.Contains(c.BaseOperator)
        && c.Qualifier != SetQualifier.ForAllValues
        && c.Values.Count > 0
        && !(c.BaseOperator == "StringNotLike" && c.Values.Any(v => v.Length > 0 && v.All(ch => ch == '*')));

    // A negated clause only carves requests out of a Deny, so the Deny still holds for everyone else.
    private static bool IsExemption(ConditionClause c) => c.IsNegated;

    // A clause every request satisfies: a Like match on "*" that also holds when the key is absent.
    private static bool IsAlwaysTrue(ConditionClause c) =>
        c.BaseOperator is "StringLike" or "ArnLike"
        && (c.IfExists || c.Qualifier == SetQualifier.ForAllValues)
        && c.Values.Any(v => v == "*");
}
