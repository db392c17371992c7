using System.Xml.Linq;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.State;
using static AwsHarden.FakeAws.Protocol.WireFormat;

namespace AwsHarden.FakeAws.Services;

/// <summary>EC2 (EC2 protocol): regions and instances; compute resources in the other parts.</summary>
internal sealed partial class Ec2Service : FakeService
{
    public Ec2Service()
    {
        On("DescribeRegions", DescribeRegions);
        On("DescribeInstances", DescribeInstances);
        OnComputeReads();
        OnComputeWrites();
    }

    public override string SigningName => "ec2";

    private static FakeResult DescribeRegions(FakeRequest r)
    {
        var all = r.BoolParam("AllRegions") ?? false;
        var names = r.ListParam("RegionName");
        var regions = r.Account.Regions
            .Where(x => all || x.IsEnabled)
            .Where(x => names.Count == 0 || names.Contains(x.Name))
            .Where(x => MatchesFilters(r, name => name switch
            {
                "region-name" => x.Name,
                "opt-in-status" => x.OptInStatus,
                _ => null,
            }));
        return XmlResult.Of(Items("regionInfo", regions.Select(x => new object[]
        {
            new XElement("regionName", x.Name),
            new XElement("regionEndpoint", $"ec2.{x.Name}.amazonaws.com"),
            new XElement("optInStatus", x.OptInStatus),
        })));
    }

    private static FakeResult DescribeInstances(FakeRequest r)
    {
        var ids = r.ListParam("InstanceId");
        var instances = r.Account.Instances
            .Where(i => i.Region == r.Region)
            .Where(i => ids.Count == 0 || ids.Contains(i.InstanceId))
            .Where(i => MatchesFilters(r, name => name switch
            {
                "instance-state-name" => i.State,
                "instance-type" => i.InstanceType,
                "instance-id" => i.InstanceId,
                _ => null,
            }))
            .ToList();
        var start = ParseToken(r.Param("NextToken"), "InvalidParameterValue");
        var max = Math.Clamp(r.IntParam("MaxResults") ?? 1000, 5, 1000);
        var page = instances.Skip(start).Take(max).ToList();

        var content = new List<XElement> { Items("reservationSet", page.Select(i => Reservation(r.Account, i))) };
        if (start + page.Count < instances.Count)
        {
            content.Add(new XElement("nextToken", Token(start + page.Count)));
        }

        return new XmlResult(content);
    }

    private static object[] Reservation(FakeAccount account, FakeInstance i) =>
    [
        new XElement("reservationId", "r-" + FakeIds.Hex(i.InstanceId, 17)),
        new XElement("ownerId", account.AccountId),
        new XElement("groupSet"),
        Items("instancesSet", [Instance(account, i)]),
    ];

    internal static object[] Instance(FakeAccount account, FakeInstance i) =>
    [
        new XElement("instanceId", i.InstanceId),
        new XElement("imageId", i.ImageId),
        new XElement("instanceState", new XElement("code", i.StateCode), new XElement("name", i.State)),
        new XElement("instanceType", i.InstanceType),
        new XElement("launchTime", Iso(i.LaunchTime)),
        new XElement("placement", new XElement("availabilityZone", i.Region + "a")),
        i.InstanceProfileName is { } profile
            ? new XElement("iamInstanceProfile",
                new XElement("arn", AuthorizationDetails.InstanceProfileArn(account, profile)),
                new XElement("id", FakeIds.Iam("AIPA", account.AccountId + "profile" + profile)))
            : null!,
    ];

    /// <summary>EC2 filters (Filter.N.Name, Filter.N.Value.M): every named filter must match one value.</summary>
    internal static bool MatchesFilters(FakeRequest r, Func<string, string?> field)
    {
        for (var n = 1; r.Param($"Filter.{n}.Name") is { } name; n++)
        {
            var values = r.ListParam($"Filter.{n}.Value");
            if (!values.Contains(field(name) ?? string.Empty))
            {
                return false;
            }
        }

        return true;
    }
}
