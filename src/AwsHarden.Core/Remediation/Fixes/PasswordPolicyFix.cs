using AwsHarden.Model;
using static AwsHarden.Remediation.Steps;

namespace AwsHarden.Remediation.Fixes;

/// <summary>Sets the account password policy to the configured requirements, keeping any stricter value the
/// account already has.</summary>
public sealed class PasswordPolicyFix : IFix
{
    private static readonly string[] Fields =
    [
        "MinimumPasswordLength", "RequireSymbols", "RequireNumbers", "RequireUppercaseCharacters",
        "RequireLowercaseCharacters", "AllowUsersToChangePassword", "MaxPasswordAge", "PasswordReusePrevention",
        "HardExpiry",
    ];

    public IReadOnlyList<string> CheckIds { get; } = ["iam.password-policy"];
    public FixPhase Phase => FixPhase.Account;

    public IReadOnlyList<string> DeclaredActions { get; } =
        ["iam:GetAccountPasswordPolicy", "iam:UpdateAccountPasswordPolicy", "iam:DeleteAccountPasswordPolicy"];

    public IEnumerable<PlanStep> Build(FixContext context)
    {
        var current = context.Snapshot.Iam.PasswordPolicy;
        if (!context.Fails(CheckIds[0]) || !current.Ok)
            yield break;

        var have = current.Value!;
        var want = context.Config.PasswordPolicy;
        var wanted = Wanted(have, want);
        var key = new ResourceKey(ResourceTypes.PasswordPolicy, "account");
        var prior = have.Exists ? Present(key, Describe(have)) : Absent(key);

        yield return Api("Set the IAM password policy", [CheckIds[0]],
            [Call("iam", "UpdateAccountPasswordPolicy", null, wanted)],
            prior, Present(key, wanted), Undo(have.Exists), Describe(have.Exists),
            $"Passwords need at least {wanted[0].Item2} characters, every character class and no reuse of "
            + $"the last {want.ReusePrevention}.",
            [DeclaredActions[0]]);
    }

    // Stricter values already in place stay: the fix only ever tightens.
    private static (string, string)[] Wanted(PasswordPolicy have, PasswordPolicyRequirements want) =>
    [
        ("MinimumPasswordLength", Number(Math.Max(have.MinimumPasswordLength, want.MinimumLength))),
        ("RequireSymbols", Bool(have.RequireSymbols || want.RequireSymbols)),
        ("RequireNumbers", Bool(have.RequireNumbers || want.RequireNumbers)),
        ("RequireUppercaseCharacters", Bool(have.RequireUppercaseCharacters || want.RequireUppercase)),
        ("RequireLowercaseCharacters", Bool(have.RequireLowercaseCharacters || want.RequireLowercase)),
        ("AllowUsersToChangePassword", Bool(true)),
        ("PasswordReusePrevention",
            Number(Math.Max(have.PasswordReusePrevention ?? 0, want.ReusePrevention))),
    ];

    private static (string, string)[] Describe(PasswordPolicy p)
    {
        var values = new List<(string, string)>
        {
            ("MinimumPasswordLength", Number(p.MinimumPasswordLength)), ("RequireSymbols", Bool(p.RequireSymbols)),
            ("RequireNumbers", Bool(p.RequireNumbers)),
            ("RequireUppercaseCharacters", Bool(p.RequireUppercaseCharacters)),
            ("RequireLowercaseCharacters", Bool(p.RequireLowercaseCharacters)),
            ("AllowUsersToChangePassword", Bool(p.AllowUsersToChangePassword)),
        };
        if (p.PasswordReusePrevention is { } reuse)
            values.Add(("PasswordReusePrevention", Number(reuse)));
        return values.ToArray();
    }

    private static ApiCall[] Undo(bool existed) => existed
        ? [Call("iam", "UpdateAccountPasswordPolicy", null,
            Fields.Select(f => (f, Placeholders.Prior(f))).ToArray())]
        : [Call("iam", "DeleteAccountPasswordPolicy", null)];

    private static string Describe(bool existed) => existed
        ? "UpdateAccountPasswordPolicy with the values recorded before the change."
        : "DeleteAccountPasswordPolicy: the account had no policy before.";
}
