namespace AwsHarden.Secrets;

/// <summary>The IAM actions a bucket scan and the owner lookup use (verification signs with the found pair).
/// </summary>
public static class SecretsActions
{
    public static IReadOnlyList<string> Required { get; } =
    [
        "s3:ListBucket",
        "s3:GetObject",
        "s3:GetBucketPolicyStatus",
        "iam:GetAccessKeyLastUsed",
    ];
}
