namespace AwsHarden.Model;

/// <summary>IAM as read from the credential report, GetAccountAuthorizationDetails and a few account calls.</summary>
public sealed record IamData
{
    public required Collected<IReadOnlyList<CredentialReportRow>> CredentialReport { get; init; }
    public required Collected<AuthorizationDetails> Authorization { get; init; }
    /// <summary>GetAccountSummary's map (AccountMFAEnabled, AccountAccessKeysPresent, Users…).</summary>
    public required Collected<IReadOnlyDictionary<string, long>> AccountSummary { get; init; }
    /// <summary>ListVirtualMFADevices: lets the audit tell a virtual root MFA from a hardware one.</summary>
    public required Collected<IReadOnlyList<VirtualMfaDevice>> VirtualMfaDevices { get; init; }
    /// <summary>The password policy; <see cref="PasswordPolicy.Exists"/> is false when the account has none.</summary>
    public required Collected<PasswordPolicy> PasswordPolicy { get; init; }
}

/// <summary>One row of the IAM credential report. The root user's row has
/// <c>User == "&lt;root_account&gt;"</c>.</summary>
public sealed record CredentialReportRow
{
    public const string RootUserName = "<root_account>";

    public required string User { get; init; }
    public required string Arn { get; init; }
    public DateTimeOffset? UserCreationTime { get; init; }
    public bool PasswordEnabled { get; init; }
    public DateTimeOffset? PasswordLastUsed { get; init; }
    public DateTimeOffset? PasswordLastChanged { get; init; }
    public bool MfaActive { get; init; }
    public bool AccessKey1Active { get; init; }
    public DateTimeOffset? AccessKey1LastRotated { get; init; }
    public DateTimeOffset? AccessKey1LastUsed { get; init; }
    public bool AccessKey2Active { get; init; }
    public DateTimeOffset? AccessKey2LastRotated { get; init; }
    public DateTimeOffset? AccessKey2LastUsed { get; init; }

    public bool IsRoot => User == RootUserName;
}

public sealed record VirtualMfaDevice(string SerialNumber, string? UserArn);

public sealed record PasswordPolicy
{
    public bool Exists { get; init; }
    public int MinimumPasswordLength { get; init; }
    public bool RequireSymbols { get; init; }
    public bool RequireNumbers { get; init; }
    public bool RequireUppercaseCharacters { get; init; }
    public bool RequireLowercaseCharacters { get; init; }
    public bool AllowUsersToChangePassword { get; init; }
    public int? MaxPasswordAge { get; init; }
    public int? PasswordReusePrevention { get; init; }
    public bool HardExpiry { get; init; }

    public static PasswordPolicy None { get; } = new() { Exists = false };
}

/// <summary>GetAccountAuthorizationDetails, all pages joined. Policy documents are URL-decoded JSON text.</summary>
public sealed record AuthorizationDetails
{
    public IReadOnlyList<IamUser> Users { get; init; } = [];
    public IReadOnlyList<IamGroup> Groups { get; init; } = [];
    public IReadOnlyList<IamRole> Roles { get; init; } = [];
    /// <summary>Managed policies (AWS and customer managed) that are attached somewhere or customer managed.</summary>
    public IReadOnlyList<ManagedPolicy> Policies { get; init; } = [];
}

public sealed record InlinePolicy(string Name, string Document);

public sealed record AttachedPolicy(string Name, string Arn);

public sealed record IamUser
{
    public required string Name { get; init; }
    public required string Arn { get; init; }
    public string? UserId { get; init; }
    public DateTimeOffset? CreateDate { get; init; }
    public IReadOnlyList<string> Groups { get; init; } = [];
    public IReadOnlyList<AttachedPolicy> AttachedPolicies { get; init; } = [];
    public IReadOnlyList<InlinePolicy> InlinePolicies { get; init; } = [];
}

public sealed record IamGroup
{
    public required string Name { get; init; }
    public required string Arn { get; init; }
    public IReadOnlyList<AttachedPolicy> AttachedPolicies { get; init; } = [];
    public IReadOnlyList<InlinePolicy> InlinePolicies { get; init; } = [];
}

public sealed record IamRole
{
    public required string Name { get; init; }
    public required string Arn { get; init; }
    public string? Path { get; init; }
    public DateTimeOffset? CreateDate { get; init; }
    public string? AssumeRolePolicyDocument { get; init; }
    public IReadOnlyList<string> InstanceProfiles { get; init; } = [];
    public IReadOnlyList<AttachedPolicy> AttachedPolicies { get; init; } = [];
    public IReadOnlyList<InlinePolicy> InlinePolicies { get; init; } = [];
}

public sealed record ManagedPolicy
{
    public required string Name { get; init; }
    public required string Arn { get; init; }
    public int AttachmentCount { get; init; }
    /// <summary>True for policies whose ARN is in the <c>aws</c> account (AWS managed).</summary>
    public bool IsAwsManaged { get; init; }
    /// <summary>The default version's document.</summary>
    public string? Document { get; init; }
    /// <summary>When the policy was created; null in snapshots written before it was recorded.</summary>
    public DateTimeOffset? CreateDate { get; init; }
}
