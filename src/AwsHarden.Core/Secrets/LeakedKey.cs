using AwsHarden.Model;

namespace AwsHarden.Secrets;

/// <summary>Where a key was read from.</summary>
public enum SecretSourceKind { File, GitHistory, Bucket }

/// <summary>
/// One place a key was written. In history mode it names the earliest commit that added the file version
/// holding the key at this path, and whether the file at the tip of HEAD still holds it.
/// </summary>
public sealed record SecretLocation
{
    public required SecretSourceKind Kind { get; init; }
    /// <summary>The scanned root: a folder, a repository, or <c>s3://bucket/prefix</c>.</summary>
    public required string Root { get; init; }
    /// <summary>Path relative to the root with '/' separators, or the object key for a bucket.</summary>
    public required string Path { get; init; }
    public required int Line { get; init; }
    public int Column { get; init; } = 1;
    public string? Commit { get; init; }
    public DateTimeOffset? AuthorDate { get; init; }
    public string? Author { get; init; }
    /// <summary>Whether HEAD's version of the file still holds the key; null outside history mode.</summary>
    public bool? StillPresent { get; init; }
    /// <summary>Whether the secret access key was found beside the key id here, not only elsewhere.</summary>
    public bool WithSecret { get; init; } = true;
    /// <summary>The archive member (<c>inner.zip!creds.ini</c>) <see cref="Path"/> ends with, else null.</summary>
    public string? Member { get; init; }
    /// <summary>The file, blob or object itself: <see cref="Path"/> without the archive member.</summary>
    public string OuterPath => Member is null ? Path : Path[..^(Member.Length + 1)];
    /// <summary>The scanned root as the user wrote it (a PATH argument), for showing paths they recognise;
    /// null when the root is shown as <see cref="Root"/>.</summary>
    public string? RootAsGiven { get; init; }

    /// <summary>The path as the user can find it: under the PATH they gave, or the object's S3 URI.</summary>
    public string Shown => Kind == SecretSourceKind.Bucket ? $"{Root.TrimEnd('/')}/{Path}"
        : RootAsGiven is null or "" or "." ? Path
        : $"{RootAsGiven.TrimEnd('/')}/{Path}";
}

/// <summary>A key found at one location, before hits of the same key are gathered into a finding.</summary>
public sealed record SecretHit(DetectedKey Key, SecretLocation Location);

/// <summary>What STS said about a found key pair.</summary>
public enum VerificationStatus { Valid, Invalid, Undetermined }

/// <summary>The answer to GetCallerIdentity signed with a found pair; never holds the secret.</summary>
public sealed record KeyVerification(VerificationStatus Status, string? Arn, string Detail);

/// <summary>The IAM user (or role session) a key belongs to, when the audited account owns the key.</summary>
public sealed record KeyOwner(string AccountId, string? UserName, string? Arn);

/// <summary>
/// One leaked access key: its id, the account it belongs to, its secret (redacted in every output) and
/// every place it was found.
/// </summary>
public sealed record LeakedKeyFinding
{
    public required string KeyId { get; init; }
    /// <summary>
    /// Decoded from the key id; wrong for some keys issued before AWS encoded the account, null when the
    /// decoded number cannot be an account.
    /// </summary>
    public required string? AccountId { get; init; }
    public SecretText? Secret { get; init; }
    public SecretText? SessionToken { get; init; }
    public required Severity Severity { get; init; }
    public required IReadOnlyList<SecretLocation> Locations { get; init; }
    public KeyVerification? Verification { get; init; }
    public KeyOwner? Owner { get; init; }

    /// <summary>A key with its secret can sign requests; a key id alone cannot.</summary>
    public bool HasSecret => Secret is not null;

    /// <summary>Stable rule id used by the SARIF and JSON reports.</summary>
    public string RuleId => HasSecret ? SecretRules.KeyPairRuleId : SecretRules.KeyIdRuleId;

    /// <summary>Whether the secret was written at this location: a place holding only the key id is no
    /// worse than a key id alone, even when the secret leaked elsewhere.</summary>
    public bool HasSecretAt(SecretLocation location) => HasSecret && location.WithSecret;

    /// <summary>The severity of one location: High where the pair is, Low where only the key id is.</summary>
    public Severity SeverityAt(SecretLocation location) => HasSecretAt(location) ? Severity : Severity.Low;

    /// <summary>The rule one location falls under.</summary>
    public string RuleIdAt(SecretLocation location) =>
        HasSecretAt(location) ? SecretRules.KeyPairRuleId : SecretRules.KeyIdRuleId;

    /// <summary>The command to run next when the audited account owns the key.</summary>
    public string InvestigateCommand => $"awsharden incident investigate --key {KeyId}";
}

/// <summary>The rules a secrets scan reports under.</summary>
public static class SecretRules
{
    public const string KeyPairRuleId = "secrets.aws-access-key-pair";
    public const string KeyIdRuleId = "secrets.aws-access-key-id";
}
