namespace AwsHarden.Incident;

/// <summary>The IAM actions the live incident sources read with (contain's writes are declared by its planner).
/// </summary>
public static class IncidentActions
{
    public static IReadOnlyList<string> Required { get; } =
    [
        "ec2:DescribeRegions",
        "cloudtrail:LookupEvents",
        "s3:ListBucket",
        "s3:GetObject",
        "s3:GetBucketLocation",
        "athena:StartQueryExecution",
        "athena:GetQueryExecution",
        "athena:GetQueryResults",
        "glue:GetDatabase",
        "glue:GetTable",
        "glue:GetPartitions",
        "s3:PutObject",
        .. AccountContextReader.RequiredActions,
        // incident sweep
        "ec2:DescribeInstances",
        "ec2:DescribeSpotInstanceRequests",
        "ec2:DescribeImages",
        "ec2:DescribeVolumes",
        "ec2:DescribeSnapshots",
        "lambda:ListFunctions",
        "ec2:DescribeKeyPairs",
        "iam:GetAccountAuthorizationDetails",
        "iam:ListAccessKeys",
    ];
}
