using AwsHarden.Model;
using static AwsHarden.Remediation.Steps;

namespace AwsHarden.Remediation.Fixes;

/// <summary>What only the root user can do, as guided steps: MFA on the root user, and deleting its access
/// keys (through sts:AssumeRoot from the management account when root access is centrally managed).</summary>
public sealed class RootUserFix : IFix
{
    private const string SecurityCredentials = "https://console.aws.amazon.com/iam/home#/security_credentials";

    public IReadOnlyList<string> CheckIds { get; } =
        ["iam.root-mfa", "iam.root-hardware-mfa", "iam.root-access-keys"];

    public FixPhase Phase => FixPhase.Guidance;

    public IReadOnlyList<string> DeclaredActions { get; } =
        ["sts:AssumeRoot", "iam:ListAccessKeys", "iam:DeleteAccessKey"];

    public IEnumerable<PlanStep> Build(FixContext context)
    {
        if (context.Fails("iam.root-mfa") || context.Fails("iam.root-hardware-mfa"))
        {
            yield return Manual("Enable MFA on the root user", ["iam.root-mfa", "iam.root-hardware-mfa"],
                "Sign in as the root user, open 'Security credentials', choose 'Assign MFA device' and register "
                + "a hardware key or passkey (a virtual MFA app passes iam.root-mfa but not the hardware check). "
                + "Register a second device as a spare.",
                SecurityCredentials);
        }

        if (context.Fails("iam.root-access-keys"))
            yield return DeleteRootKeys(context);
    }

    // Root keys are never deactivated by the tool: it cannot sign in as root, and a member account's root
    // credentials are reachable only through AssumeRoot from the management account.
    private static PlanStep DeleteRootKeys(FixContext context)
    {
        var org = context.Snapshot.Organization.Value;
        var member = org is { InOrganization: true } && org.ManagementAccountId != context.AccountId;
        var how = member
            ? "If the organization has centralized root access, from the management account run "
              + $"'aws sts assume-root --target-principal {context.AccountId} --task-policy-arn "
              + "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials', then with those credentials "
              + "'aws iam list-access-keys' and 'aws iam delete-access-key --access-key-id ID' for each key. "
              + "Otherwise sign in as the root user: "
            : "Sign in as the root user: ";
        return Manual("Delete the root user's access keys", ["iam.root-access-keys"],
            how + "in 'Security credentials', deactivate each access key, check nothing breaks, then delete it.",
            SecurityCredentials, member ? ["sts:AssumeRoot", "iam:ListAccessKeys", "iam:DeleteAccessKey"] : []);
    }
}
