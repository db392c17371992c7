namespace AwsHarden.Policies;

/// <summary>The one list of actions a region-restricting SCP must leave alone: services whose control plane
/// lives in a single region (mostly us-east-1) whatever region the caller works in.</summary>
public static class GlobalServices
{
    /// <summary>Action patterns exempted from a region Deny (its NotAction list).</summary>
    /// <remarks>KMS and Config are not exempted on purpose: both are regional, and exempting them lets keys and
    /// recorders be created in regions the organization has ruled out.</remarks>
    public static IReadOnlyList<string> ExemptActions { get; } =
    [
        // Identity, organization and account management.
        "iam:*", "organizations:*", "account:*", "sts:*",

        // Edge and DNS services that run from us-east-1.
        "cloudfront:*", "route53:*", "route53domains:*", "globalaccelerator:*", "waf:*", "wafv2:*",
        "shield:*", "acm:*", "networkmanager:*",

        // Billing, cost and support.
        "aws-portal:*", "billing:*", "budgets:*", "ce:*", "cur:*", "pricing:*", "support:*",
        "trustedadvisor:*", "health:*",

        // Account-wide S3 and EC2 calls that are not tied to the caller's region.
        "s3:ListAllMyBuckets", "s3:GetAccountPublicAccessBlock", "s3:PutAccountPublicAccessBlock",
        "ec2:DescribeRegions",
    ];

    /// <summary>Regional actions a region restriction has to cover to count as one: if NotAction exempts any
    /// of these, workloads can still run outside the allowed regions.</summary>
    internal static IReadOnlyList<string> RegionalProbes { get; } =
    [
        "ec2:RunInstances", "ec2:CreateVpc", "lambda:CreateFunction", "s3:CreateBucket", "s3:GetObject",
        "rds:CreateDBInstance", "dynamodb:CreateTable", "ecs:CreateCluster", "sqs:CreateQueue",
    ];
}
