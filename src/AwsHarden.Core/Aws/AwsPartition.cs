using System.Text.RegularExpressions;

namespace AwsHarden.Aws;

/// <summary>An AWS partition: a group of regions sharing a DNS suffix and an ARN prefix.</summary>
/// <param name="Id">aws, aws-cn or aws-us-gov.</param>
/// <param name="GlobalRegion">The region that signs calls to global services (IAM, Organizations…).</param>
public sealed record AwsPartition(string Id, string DnsSuffix, string GlobalRegion)
{
    public static AwsPartition Aws { get; } = new("aws", "amazonaws.com", "us-east-1");

    public static AwsPartition China { get; } = new("aws-cn", "amazonaws.com.cn", "cn-north-1");

    public static AwsPartition GovCloud { get; } = new("aws-us-gov", "amazonaws.com", "us-gov-west-1");

    private static readonly Regex ChinaRegion = new(@"^cn-\w+-\d+$", RegexOptions.CultureInvariant);
    private static readonly Regex GovRegion = new(@"^us-gov-\w+-\d+$", RegexOptions.CultureInvariant);

    /// <summary>The partition a region belongs to; unknown names fall in the commercial partition.</summary>
    public static AwsPartition ForRegion(string region)
    {
        if (ChinaRegion.IsMatch(region))
        {
            return China;
        }

        return GovRegion.IsMatch(region) ? GovCloud : Aws;
    }

    /// <summary>The partition named in an ARN's second field (<c>arn:aws-cn:…</c>).</summary>
    public static string FromArn(string arn)
    {
        var parts = arn.Split(':');
        return parts.Length > 2 && parts[0] == "arn" && parts[1].Length > 0 ? parts[1] : "aws";
    }
}
