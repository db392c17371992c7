using System.Text.RegularExpressions;

namespace AwsHarden.Config;

/// <summary>Region codes awsharden accepts in configuration: the commercial regions, plus GovCloud, China
/// and ISO partitions by shape, since those lists are not public in full.</summary>
public static partial class AwsRegions
{
    /// <summary>Commercial regions as of this build.</summary>
    public static readonly IReadOnlySet<string> Commercial = new HashSet<string>(StringComparer.Ordinal)
    {
        "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
        "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
        "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1",
        "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
        "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2",
        "us-west-1", "us-west-2",
    };

    /// <summary>True for a known commercial region or a well-shaped GovCloud, China or ISO region.</summary>
    public static bool IsKnown(string region) =>
        Commercial.Contains(region) || OtherPartition().IsMatch(region);

    [GeneratedRegex("^(us-gov-(east|west)-[0-9]|cn-(north|northwest)-[0-9]|us-iso[bef]?-[a-z]+-[0-9])$")]
    private static partial Regex OtherPartition();
}
