using System.Text.Json.Nodes;
using AwsHarden.Model;
using static AwsHarden.Remediation.Steps;

namespace AwsHarden.Remediation.Fixes;

/// <summary>Guided steps to enrol an MFA device for each console user without one; optionally (config
/// fix.enforce_mfa_policy) a policy that denies those users everything but MFA self-service until they do.
/// </summary>
public sealed class UserMfaFix : IFix
{
    public const string PolicyName = "awsharden-require-mfa";

    public IReadOnlyList<string> CheckIds { get; } = ["iam.user-console-mfa"];
    public FixPhase Phase => FixPhase.Credentials;

    public IReadOnlyList<string> DeclaredActions { get; } =
    [
        "iam:CreatePolicy", "iam:DeletePolicy", "iam:GetPolicy", "iam:AttachUserPolicy", "iam:DetachUserPolicy",
        "iam:ListAttachedUserPolicies",
    ];

    public IEnumerable<PlanStep> Build(FixContext context)
    {
        var users = context.Failing(CheckIds[0]).Select(f => UserName(f.Resource)).ToList();
        foreach (var user in users)
        {
            yield return Manual($"Enrol an MFA device for {user}", [CheckIds[0]],
                $"{user} (or an administrator) opens 'Security credentials' and chooses 'Assign MFA device'.",
                $"https://console.aws.amazon.com/iam/home#/users/details/{Uri.EscapeDataString(user)}"
                + "?section=security_credentials");
        }

        if (!context.Config.EnforceMfaPolicy || users.Count == 0)
            yield break;

        var policyArn = $"arn:{context.Partition}:iam::{context.AccountId}:policy/{PolicyName}";
        yield return CreatePolicy(policyArn, context.Partition);
        foreach (var user in users)
            yield return Attach(user, policyArn);
    }

    private static string UserName(string arn) => arn[(arn.LastIndexOf('/') + 1)..];

    private PlanStep CreatePolicy(string policyArn, string partition)
    {
        var key = new ResourceKey(ResourceTypes.ManagedPolicy, PolicyName);
        return Api($"Create the policy {PolicyName}", [CheckIds[0]],
            [Call("iam", "CreatePolicy", null, ("PolicyName", PolicyName), ("PolicyDocument", Document(partition)),
                ("Description", "Denies everything but MFA self-service to users without MFA (awsharden)"))],
            Absent(key), Present(key, ("Arn", policyArn)),
            [Call("iam", "DeletePolicy", null, ("PolicyArn", policyArn))],
            "DeletePolicy on the policy this step created (after its attachments are undone).",
            "Until a user enrols MFA, a stolen password alone gets nowhere.", ["iam:GetPolicy"]);
    }

    private PlanStep Attach(string user, string policyArn)
    {
        var key = new ResourceKey(ResourceTypes.UserPolicyAttachment, $"{user}|{PolicyName}");
        return Api($"Attach {PolicyName} to {user}", [CheckIds[0]],
            [Call("iam", "AttachUserPolicy", null, ("UserName", user), ("PolicyArn", policyArn))],
            Absent(key), Present(key),
            [Call("iam", "DetachUserPolicy", null, ("UserName", user), ("PolicyArn", policyArn))],
            "DetachUserPolicy.", $"{user} signs in with a password but has no MFA device.",
            ["iam:ListAttachedUserPolicies"]);
    }

    // Lets the user manage their own MFA device and password, and denies the rest without MFA.
    private static string Document(string partition)
    {
        var self = $"arn:{partition}:iam::*:user/${{aws:username}}";
        var mfa = $"arn:{partition}:iam::*:mfa/*";
        var selfService = new JsonArray("iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser",
            "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "iam:ChangePassword",
            "iam:GetAccountPasswordPolicy", "sts:GetSessionToken");
        var statements = new JsonArray(
            new JsonObject
            {
                ["Sid"] = "AllowMfaSelfService", ["Effect"] = "Allow", ["Action"] = selfService.DeepClone(),
                ["Resource"] = new JsonArray(self, mfa),
            },
            new JsonObject
            {
                ["Sid"] = "DenyAllElseWithoutMfa", ["Effect"] = "Deny", ["NotAction"] = selfService,
                ["Resource"] = "*",
                ["Condition"] = new JsonObject
                {
                    ["BoolIfExists"] = new JsonObject { ["aws:MultiFactorAuthPresent"] = "false" },
                },
            });
        return new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = statements }.ToJsonString();
    }
}
