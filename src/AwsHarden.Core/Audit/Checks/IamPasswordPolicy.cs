using AwsHarden.Model;

namespace AwsHarden.Audit.Checks;

/// <summary>The account password policy exists and meets the configured requirements.</summary>
public sealed class IamPasswordPolicy : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "iam.password-policy",
        Title = "Password policy meets the configured strength",
        Severity = Severity.Medium,
        Section = ChecklistSection.Initial,
        Rationale = "Without a policy IAM accepts short, reused passwords; length and no reuse are what resist "
            + "guessing and credential stuffing.",
        Remediation = "Set the account password policy in IAM > Account settings (minimum length, character "
            + "classes and password reuse prevention as configured in awsharden.yaml).",
        RemediationUrl = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
            + "id_credentials_passwords_account-policy.html",
        Cis30 = ["1.8", "1.9"],
        Cis50 = ["1.7", "1.8"],
        SecurityHub = ["IAM.7", "IAM.15", "IAM.16"],
    };

    public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config)
    {
        var account = snapshot.AccountId;
        var collected = snapshot.Iam.PasswordPolicy;
        if (!collected.Ok)
            return [Metadata.Unknown(account, SnapshotData.ErrorOf(collected, "iam:GetAccountPasswordPolicy"))];

        var policy = collected.Value!;
        if (!policy.Exists)
            return [Metadata.Fail(account, "The account has no password policy.")];

        var gaps = Gaps(policy, config.PasswordPolicy).ToList();
        return gaps.Count == 0
            ? [Metadata.Pass(account, "The password policy meets the configured requirements.")]
            : [Metadata.Fail(account, $"The password policy is weaker than required: {string.Join("; ", gaps)}.")];
    }

    private static IEnumerable<string> Gaps(PasswordPolicy policy, PasswordPolicyRequirements required)
    {
        if (policy.MinimumPasswordLength < required.MinimumLength)
            yield return $"minimum length {policy.MinimumPasswordLength} < {required.MinimumLength}";
        if ((policy.PasswordReusePrevention ?? 0) < required.ReusePrevention)
            yield return $"reuse prevention {policy.PasswordReusePrevention ?? 0} < {required.ReusePrevention}";
        if (required.RequireSymbols && !policy.RequireSymbols)
            yield return "symbols not required";
        if (required.RequireNumbers && !policy.RequireNumbers)
            yield return "numbers not required";
        if (required.RequireUppercase && !policy.RequireUppercaseCharacters)
            yield return "uppercase letters not required";
        if (required.RequireLowercase && !policy.RequireLowercaseCharacters)
            yield return "lowercase letters not required";
    }
}
