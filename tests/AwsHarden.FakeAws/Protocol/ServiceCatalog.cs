namespace AwsHarden.FakeAws.Protocol;

/// <summary>The wire protocols the fake speaks, as named in the botocore service models.</summary>
public enum WireProtocol { Query, Ec2, Json, RestJson, RestXml }

/// <summary>What the fake knows about one service: how it is signed, spoken and named in IAM.</summary>
/// <param name="SigningName">The service in the SigV4 credential scope (botocore signingName or
/// endpointPrefix).</param>
/// <param name="IamPrefix">The prefix of its IAM actions, e.g. <c>cloudwatch</c> for signing name monitoring.</param>
/// <param name="Namespace">Query/EC2: the XML namespace. JSON: the X-Amz-Target prefix.</param>
public sealed record ServiceInfo(
    string SigningName,
    WireProtocol Protocol,
    string IamPrefix,
    string ApiVersion,
    string Namespace,
    string JsonVersion = "1.1");

/// <summary>The services the fake serves, with metadata copied from their botocore service-2.json models.</summary>
public static class ServiceCatalog
{
    private static readonly Dictionary<string, ServiceInfo> BySigningName = new ServiceInfo[]
    {
        new("iam", WireProtocol.Query, "iam", "2010-05-08", "https://iam.amazonaws.com/doc/2010-05-08/"),
        new("sts", WireProtocol.Query, "sts", "2011-06-15", "https://sts.amazonaws.com/doc/2011-06-15/"),
        new("sns", WireProtocol.Query, "sns", "2010-03-31", "http://sns.amazonaws.com/doc/2010-03-31/"),
        new("monitoring", WireProtocol.Query, "cloudwatch", "2010-08-01",
            "http://monitoring.amazonaws.com/doc/2010-08-01/"),
        new("ec2", WireProtocol.Ec2, "ec2", "2016-11-15", "http://ec2.amazonaws.com/doc/2016-11-15/"),
        new("cloudtrail", WireProtocol.Json, "cloudtrail", "2013-11-01",
            "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"),
        new("ce", WireProtocol.Json, "ce", "2017-10-25", "AWSInsightsIndexService"),
        new("organizations", WireProtocol.Json, "organizations", "2016-11-28", "AWSOrganizationsV20161128"),
        new("support", WireProtocol.Json, "support", "2013-04-15", "AWSSupport_20130415"),
        new("athena", WireProtocol.Json, "athena", "2017-05-18", "AmazonAthena"),
        new("sso", WireProtocol.Json, "sso", "2020-07-20", "SWBExternalService"),
        new("s3", WireProtocol.RestXml, "s3", "2006-03-01", "http://s3.amazonaws.com/doc/2006-03-01/"),
        new("account", WireProtocol.RestJson, "account", "2021-02-01", string.Empty),
        new("guardduty", WireProtocol.RestJson, "guardduty", "2017-11-28", string.Empty),
        new("access-analyzer", WireProtocol.RestJson, "access-analyzer", "2019-11-01", string.Empty),
        new("lambda", WireProtocol.RestJson, "lambda", "2015-03-31", string.Empty),
    }.ToDictionary(s => s.SigningName, StringComparer.Ordinal);

    /// <summary>CloudWatch's second protocol: JSON 1.0 with Query-compatible error codes.</summary>
    private static readonly ServiceInfo CloudWatchJson = new("monitoring", WireProtocol.Json, "cloudwatch",
        "2010-08-01", "GraniteServiceVersion20100801", JsonVersion: "1.0");

    public static IReadOnlyCollection<ServiceInfo> All => BySigningName.Values;

    /// <summary>The service a request speaks to; CloudWatch requests with an X-Amz-Target speak JSON 1.0.</summary>
    public static ServiceInfo? Resolve(string signingName, string? target) =>
        signingName == "monitoring" && !string.IsNullOrEmpty(target) ? CloudWatchJson : Find(signingName);

    public static ServiceInfo? Find(string signingName) => BySigningName.GetValueOrDefault(signingName);

    public static bool IsRestJson(string signingName) => Find(signingName)?.Protocol == WireProtocol.RestJson;

    public static string ApiVersion(string signingName) => Find(signingName)?.ApiVersion ?? string.Empty;

    /// <summary>True when an X-Amz-Target prefix belongs to the service; short and long forms both occur.</summary>
    public static bool MatchesTarget(ServiceInfo service, string targetPrefix) =>
        targetPrefix == service.Namespace
        || service.Namespace.EndsWith("." + targetPrefix, StringComparison.Ordinal);
}
