using AwsHarden.Model;
using AwsHarden.Policies;
using static AwsHarden.Remediation.Steps;

namespace AwsHarden.Remediation.Fixes;

/// <summary>
/// Creates the organization when the account is standalone, enables SCPs, and creates and attaches to the root
/// the guardrail SCPs made from <see cref="ScpTemplates"/>. Each SCP is linted for size (as written and
/// minified) before it is planned, and the five-per-target limit is kept by merging when needed.
/// </summary>
public sealed class OrganizationScpFix : IFix
{
    private const string ScpType = "SERVICE_CONTROL_POLICY";
    private const string Console =
        "https://console.aws.amazon.com/organizations/v2/home/policies/service-control-policy";
    private static readonly ResourceKey OrganizationKey = new(ResourceTypes.Organization, "organization");

    public IReadOnlyList<string> CheckIds { get; } =
        ["organizations.scp-region-restriction", "organizations.scp-instance-type-restriction"];

    public FixPhase Phase => FixPhase.Organization;

    public IReadOnlyList<string> DeclaredActions { get; } =
    [
        "organizations:DescribeOrganization", "organizations:CreateOrganization", "organizations:DeleteOrganization",
        "organizations:ListRoots", "organizations:EnablePolicyType", "organizations:DisablePolicyType",
        "organizations:ListPolicies", "organizations:DescribePolicy", "organizations:CreatePolicy",
        "organizations:DeletePolicy", "organizations:AttachPolicy", "organizations:DetachPolicy",
        "organizations:ListPoliciesForTarget", "iam:CreateServiceLinkedRole",
    ];

    public IEnumerable<PlanStep> Build(FixContext context)
    {
        var org = context.Snapshot.Organization;
        if (!CheckIds.Any(context.Fails) || !org.Ok)
            return [];

        var data = org.Value!;
        if (data.InOrganization && data.ManagementAccountId != context.AccountId)
            return [NotManagement(data)];

        var steps = new List<PlanStep>();
        if (!data.InOrganization)
            steps.Add(CreateOrganization(context.AccountId));
        if (data.ScpEnabled != true)
            steps.Add(EnableScps());
        steps.AddRange(Guardrails(context, data));
        return steps;
    }

    private PlanStep CreateOrganization(string accountId) =>
        Api("Create an organization; this account becomes its management account", CheckIds.ToArray(),
            [Call("organizations", "CreateOrganization", Global, ("FeatureSet", "ALL"))],
            Absent(OrganizationKey), Present(OrganizationKey, ("MasterAccountId", accountId)),
            [Call("organizations", "DeleteOrganization", Global)],
            "DeleteOrganization, which AWS allows only while the organization has no member accounts.",
            $"Account {accountId} becomes the management account of a new organization. SCPs never restrict "
            + "the management account itself: they guard the member accounts created or invited later, so run "
            + "workloads in a member account.",
            ["organizations:DescribeOrganization", "iam:CreateServiceLinkedRole"],
            "Free: AWS Organizations has no charge; see https://aws.amazon.com/organizations/pricing/");

    private PlanStep EnableScps()
    {
        var key = new ResourceKey(ResourceTypes.PolicyType, ScpType);
        var root = Placeholders.Ref(OrganizationKey, "RootId");
        return Api("Enable service control policies on the organization root", CheckIds.ToArray(),
            [Call("organizations", "EnablePolicyType", Global, ("RootId", root), ("PolicyType", ScpType))],
            Present(key, ("Status", "DISABLED")), Present(key, ("Status", "ENABLED")),
            [Call("organizations", "DisablePolicyType", Global, ("RootId", root), ("PolicyType", ScpType))],
            "DisablePolicyType, which also detaches every SCP.",
            "SCPs take effect only once the policy type is enabled on the root.",
            ["organizations:ListRoots"]);
    }

    private IEnumerable<PlanStep> Guardrails(FixContext context, OrganizationData data)
    {
        var wanted = Templates(context).Where(t => data.Policies.All(p => p.Name != t.Name)).ToList();
        if (context.Fails(CheckIds[0]) && context.Config.AllowedRegions.Count == 0)
            yield return Missing("allowed_regions", "regions", CheckIds[0]);
        if (context.Fails(CheckIds[1]) && context.Config.AllowedInstanceTypes.Count == 0)
            yield return Missing("allowed_instance_types", "EC2 instance types", CheckIds[1]);

        // FullAWSAccess stays attached to the root, so it counts against the limit.
        var onRoot = 1 + data.Policies.Count(p => p.Target.StartsWith("r-", StringComparison.Ordinal)
            && p.Name != "FullAWSAccess");
        if (onRoot + wanted.Count > PolicyLint.ScpMaxPerTarget && wanted.Count > 1)
            wanted = [new ScpDraft("awsharden-guardrails", ScpTemplates.Combine(wanted.Select(w => w.Content)))];

        foreach (var draft in wanted)
        {
            var lint = PolicyLint.CheckScp(draft.Content);
            if (!lint.IsValid || onRoot + 1 > PolicyLint.ScpMaxPerTarget)
            {
                yield return Unfit(draft, lint, onRoot);
                continue;
            }

            onRoot++;
            yield return CreatePolicy(draft, lint);
            yield return Attach(draft);
        }
    }

    private IEnumerable<ScpDraft> Templates(FixContext context)
    {
        var exempt = context.Config.ScpExemptPrincipals;
        var bucket = context.Config.LogBucketName ?? $"awsharden-cloudtrail-{context.AccountId}";
        if (context.Config.AllowedRegions.Count > 0)
            yield return new("awsharden-deny-outside-regions",
                ScpTemplates.DenyOutsideRegions(context.Config.AllowedRegions, exempt));
        if (context.Config.AllowedInstanceTypes.Count > 0)
            yield return new("awsharden-deny-instance-types",
                ScpTemplates.DenyInstanceTypesExcept(context.Config.AllowedInstanceTypes, exempt, context.Partition));
        yield return new("awsharden-protect-cloudtrail", ScpTemplates.ProtectCloudTrail(exempt));
        yield return new("awsharden-protect-guardduty", ScpTemplates.ProtectGuardDuty(exempt));
        yield return new("awsharden-protect-log-bucket",
            ScpTemplates.ProtectLogBucket(bucket, exempt, context.Partition));
        yield return new("awsharden-deny-root-user", ScpTemplates.DenyRootUser(context.Partition));
        yield return new("awsharden-deny-leaving-organization", ScpTemplates.DenyLeavingOrganization());
    }

    private PlanStep CreatePolicy(ScpDraft draft, PolicyLintReport lint)
    {
        var key = new ResourceKey(ResourceTypes.Policy, draft.Name);
        var minified = PolicyLint.Minify(draft.Content);
        return Api($"Create the SCP {draft.Name}", CheckIds.ToArray(),
            [Call("organizations", "CreatePolicy", Global, ("Name", draft.Name), ("Type", ScpType),
                ("Description", "Guardrail from awsharden"), ("Content", minified))],
            Absent(key), Present(key, ("ContentSha256", CloudTrailFix.Sha256(minified))),
            [Call("organizations", "DeletePolicy", Global, ("PolicyId", Placeholders.After("PolicyId")))],
            "DeletePolicy on the policy this step created (after it is detached).",
            $"{lint.WrittenLength} characters as written, {lint.MinifiedLength} minified and sent minified; "
            + $"an SCP may have {PolicyLint.ScpMaxCharacters}.",
            ["organizations:ListPolicies", "organizations:DescribePolicy"]);
    }

    private PlanStep Attach(ScpDraft draft)
    {
        var key = new ResourceKey(ResourceTypes.PolicyAttachment, $"{draft.Name}|root");
        var parameters = new[]
        {
            ("PolicyId", Placeholders.Ref(new ResourceKey(ResourceTypes.Policy, draft.Name), "PolicyId")),
            ("TargetId", Placeholders.Ref(OrganizationKey, "RootId")),
        };
        return Api($"Attach the SCP {draft.Name} to the organization root", CheckIds.ToArray(),
            [Call("organizations", "AttachPolicy", Global, parameters)],
            Absent(key), Present(key),
            [Call("organizations", "DetachPolicy", Global, parameters)],
            "DetachPolicy.",
            "Attached last, after every change it would block; it applies to member accounts only.",
            ["organizations:ListPoliciesForTarget"]);
    }

    private static PlanStep Unfit(ScpDraft draft, PolicyLintReport lint, int onRoot) =>
        Manual($"Review the SCP {draft.Name} before creating it", [],
            lint.IsValid
                ? $"The root already has {onRoot} SCPs; Organizations allows {PolicyLint.ScpMaxPerTarget}. "
                  + "Merge or detach one, then plan again."
                : "The policy would be rejected: " + string.Join(" ", lint.Issues.Select(i => i.Message)),
            Console);

    private static PlanStep Missing(string key, string what, string checkId) =>
        Manual($"Say which {what} the account may use", [checkId],
            $"Set {key} in awsharden.yaml and plan again; the SCP that enforces it is made from that list.",
            Console);

    private static PlanStep NotManagement(OrganizationData data) =>
        Manual("Ask the management account to attach the guardrail SCPs", [],
            $"This account is a member of {data.OrganizationId}; only management account "
            + $"{data.ManagementAccountId} can create and attach SCPs. Run 'awsharden fix plan' there.",
            Console);

    private sealed record ScpDraft(string Name, string Content);
}
