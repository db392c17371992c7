namespace AwsHarden.Aws;

/// <summary>
/// What the request layer needs to know about one AWS service: how to name it in endpoint overrides, where
/// its endpoints are, how to sign for it and which IAM prefix its actions carry.
/// </summary>
/// <param name="ServiceId">The model's serviceId, e.g. <c>SSO Admin</c>; gives AWS_ENDPOINT_URL_SSO_ADMIN.</param>
/// <param name="EndpointPrefix">The host label, e.g. <c>sso</c> for sso.us-east-1.amazonaws.com.</param>
/// <param name="SigningName">The SigV4 scope service name.</param>
/// <param name="IamPrefix">The prefix of the service's IAM actions, e.g. <c>sso</c>, <c>access-analyzer</c>.</param>
/// <param name="GlobalEndpoints">For global services, per partition id, the fixed host and signing region.
/// </param>
/// <param name="EnvironmentAlias">A second accepted suffix, for names people write differently.</param>
public sealed record AwsService(
    string ServiceId,
    string EndpointPrefix,
    string SigningName,
    string IamPrefix,
    IReadOnlyDictionary<string, GlobalEndpoint>? GlobalEndpoints = null,
    string? EnvironmentAlias = null)
{
    public bool IsGlobal => GlobalEndpoints is not null;

    /// <summary>The service id as used in AWS_ENDPOINT_URL_&lt;SERVICE&gt;: upper case, spaces and dashes as '_'.
    /// </summary>
    public string EnvironmentSuffix =>
        ServiceId.ToUpperInvariant().Replace(' ', '_').Replace('-', '_');

    public static AwsService Iam { get; } = new("IAM", "iam", "iam", "iam", new Dictionary<string, GlobalEndpoint>
    {
        ["aws"] = new("iam.amazonaws.com", "us-east-1"),
        ["aws-cn"] = new("iam.cn-north-1.amazonaws.com.cn", "cn-north-1"),
        ["aws-us-gov"] = new("iam.us-gov.amazonaws.com", "us-gov-west-1"),
    });

    public static AwsService Organizations { get; } = new(
        "Organizations", "organizations", "organizations", "organizations", new Dictionary<string, GlobalEndpoint>
        {
            ["aws"] = new("organizations.us-east-1.amazonaws.com", "us-east-1"),
            ["aws-cn"] = new("organizations.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"),
            ["aws-us-gov"] = new("organizations.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
        });

    public static AwsService Account { get; } = new(
        "Account", "account", "account", "account", new Dictionary<string, GlobalEndpoint>
        {
            ["aws"] = new("account.us-east-1.amazonaws.com", "us-east-1"),
            ["aws-cn"] = new("account.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"),
        });

    public static AwsService CostExplorer { get; } = new(
        "Cost Explorer", "ce", "ce", "ce", new Dictionary<string, GlobalEndpoint>
        {
            ["aws"] = new("ce.us-east-1.amazonaws.com", "us-east-1"),
            ["aws-cn"] = new("ce.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"),
        });

    public static AwsService Support { get; } = new(
        "Support", "support", "support", "support", new Dictionary<string, GlobalEndpoint>
        {
            ["aws"] = new("support.us-east-1.amazonaws.com", "us-east-1"),
            ["aws-cn"] = new("support.cn-north-1.amazonaws.com.cn", "cn-north-1"),
            ["aws-us-gov"] = new("support.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
        });

    public static AwsService SsoAdmin { get; } = new("SSO Admin", "sso", "sso", "sso");

    public static AwsService CloudWatch { get; } = new("CloudWatch", "monitoring", "monitoring", "cloudwatch");

    public static AwsService CloudTrail { get; } = new("CloudTrail", "cloudtrail", "cloudtrail", "cloudtrail");

    public static AwsService GuardDuty { get; } = new("GuardDuty", "guardduty", "guardduty", "guardduty");

    public static AwsService AccessAnalyzer { get; } =
        new("AccessAnalyzer", "access-analyzer", "access-analyzer", "access-analyzer",
            EnvironmentAlias: "ACCESS_ANALYZER");

    public static AwsService Sts { get; } = new("STS", "sts", "sts", "sts");

    public static AwsService Ec2 { get; } = new("EC2", "ec2", "ec2", "ec2");

    public static AwsService Lambda { get; } = new("Lambda", "lambda", "lambda", "lambda");
}

/// <summary>The fixed endpoint of a global service in one partition.</summary>
public sealed record GlobalEndpoint(string Host, string SigningRegion);
