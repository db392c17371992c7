using System.Xml.Linq;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.State;
using static AwsHarden.FakeAws.Protocol.WireFormat;

namespace AwsHarden.FakeAws.Services;

/// <summary>EC2 compute reads: spot requests, images, volumes, snapshots, key pairs, security group rules.
/// Element names follow the locationName of each member in botocore's ec2 2016-11-15 model.</summary>
internal sealed partial class Ec2Service
{
    private void OnComputeReads()
    {
        On("DescribeSpotInstanceRequests", DescribeSpotInstanceRequests);
        On("DescribeImages", DescribeImages);
        On("DescribeVolumes", DescribeVolumes);
        On("DescribeSnapshots", DescribeSnapshots);
        On("DescribeKeyPairs", DescribeKeyPairs);
        On("DescribeSecurityGroupRules", DescribeSecurityGroupRules);
        On("DescribeImageAttribute", DescribeImageAttribute);
        On("DescribeSnapshotAttribute", DescribeSnapshotAttribute);
    }

    private static FakeResult DescribeSpotInstanceRequests(FakeRequest r)
    {
        var ids = r.ListParam("SpotInstanceRequestId");
        var requests = r.Account.SpotRequests
            .Where(s => s.Region == r.Region && (ids.Count == 0 || ids.Contains(s.SpotInstanceRequestId)))
            .Where(s => MatchesFilters(r, name => name switch
            {
                "state" => s.State,
                "spot-instance-request-id" => s.SpotInstanceRequestId,
                _ => null,
            }))
            .ToList();
        NotFoundUnlessAll(ids, requests.Select(s => s.SpotInstanceRequestId), "InvalidSpotInstanceRequestID.NotFound",
            "spot instance request");
        return Paged(r, requests, "spotInstanceRequestSet", s => new object[]
        {
            new XElement("spotInstanceRequestId", s.SpotInstanceRequestId),
            new XElement("spotPrice", "3.060000"),
            new XElement("type", "one-time"),
            new XElement("state", s.State),
            new XElement("launchSpecification", new XElement("instanceType", s.InstanceType)),
            Opt("instanceId", s.InstanceId)!,
            new XElement("createTime", Iso(s.CreateTime)),
            new XElement("productDescription", "Linux/UNIX"),
        });
    }

    private static FakeResult DescribeImages(FakeRequest r)
    {
        var owners = r.ListParam("Owner");
        var ids = r.ListParam("ImageId");
        // Only the account's own images exist here; asking for other owners (amazon, aws-marketplace) finds none.
        var ownsAll = owners.Count == 0 || owners.Contains("self") || owners.Contains(r.Account.AccountId);
        var images = r.Account.Images
            .Where(i => ownsAll && i.Region == r.Region && i.State != "deregistered")
            .Where(i => ids.Count == 0 || ids.Contains(i.ImageId))
            .Where(i => MatchesFilters(r, name => name == "image-id" ? i.ImageId : name == "name" ? i.Name : null))
            .ToList();
        NotFoundUnlessAll(ids, images.Select(i => i.ImageId), "InvalidAMIID.NotFound", "image");
        return XmlResult.Of(Items("imagesSet", images.Select(i => new object[]
        {
            new XElement("imageId", i.ImageId),
            new XElement("imageLocation", $"{r.Account.AccountId}/{i.Name}"),
            new XElement("imageState", i.State),
            new XElement("imageOwnerId", r.Account.AccountId),
            new XElement("creationDate", i.CreationDate.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'",
                System.Globalization.CultureInfo.InvariantCulture)),
            new XElement("isPublic", Bool(i.LaunchPermissions.Contains("all"))),
            new XElement("architecture", "x86_64"),
            new XElement("imageType", "machine"),
            new XElement("name", i.Name),
            new XElement("rootDeviceType", "ebs"),
            new XElement("virtualizationType", "hvm"),
        })));
    }

    private static FakeResult DescribeVolumes(FakeRequest r)
    {
        var ids = r.ListParam("VolumeId");
        var volumes = r.Account.Volumes
            .Where(v => v.Region == r.Region && (ids.Count == 0 || ids.Contains(v.VolumeId)))
            .Where(v => MatchesFilters(r, name => name switch
            {
                "status" => v.State,
                "volume-id" => v.VolumeId,
                "attachment.instance-id" => v.AttachedInstanceId,
                _ => null,
            }))
            .ToList();
        NotFoundUnlessAll(ids, volumes.Select(v => v.VolumeId), "InvalidVolume.NotFound", "volume");
        return Paged(r, volumes, "volumeSet", v => new object[]
        {
            new XElement("volumeId", v.VolumeId),
            new XElement("size", v.Size),
            new XElement("snapshotId", v.SnapshotId ?? string.Empty),
            new XElement("availabilityZone", v.Region + "a"),
            new XElement("status", v.State),
            new XElement("createTime", Iso(v.CreateTime)),
            Items("attachmentSet", v.AttachedInstanceId is { } instance
                ? [new object[]
                {
                    new XElement("volumeId", v.VolumeId), new XElement("instanceId", instance),
                    new XElement("device", "/dev/xvda"), new XElement("status", "attached"),
                    new XElement("deleteOnTermination", "true"),
                }]
                : []),
            new XElement("volumeType", "gp3"),
            new XElement("encrypted", "false"),
        });
    }

    private static FakeResult DescribeSnapshots(FakeRequest r)
    {
        var owners = r.ListParam("Owner");
        var ids = r.ListParam("SnapshotId");
        var ownsAll = owners.Count == 0 || owners.Contains("self") || owners.Contains(r.Account.AccountId);
        var snapshots = r.Account.Snapshots
            .Where(s => ownsAll && s.Region == r.Region && (ids.Count == 0 || ids.Contains(s.SnapshotId)))
            .Where(s => MatchesFilters(r, name => name == "snapshot-id" ? s.SnapshotId : null))
            .ToList();
        NotFoundUnlessAll(ids, snapshots.Select(s => s.SnapshotId), "InvalidSnapshot.NotFound", "snapshot");
        return Paged(r, snapshots, "snapshotSet", s => new object[]
        {
            new XElement("snapshotId", s.SnapshotId),
            new XElement("volumeId", s.VolumeId),
            new XElement("status", "completed"),
            new XElement("startTime", Iso(s.StartTime)),
            new XElement("progress", "100%"),
            new XElement("ownerId", r.Account.AccountId),
            new XElement("volumeSize", s.VolumeSize),
            new XElement("encrypted", "false"),
        });
    }

    private static FakeResult DescribeKeyPairs(FakeRequest r)
    {
        var names = r.ListParam("KeyName");
        var ids = r.ListParam("KeyPairId");
        var keys = r.Account.KeyPairs
            .Where(k => k.Region == r.Region)
            .Where(k => names.Count == 0 || names.Contains(k.KeyName))
            .Where(k => ids.Count == 0 || ids.Contains(k.KeyPairId))
            .ToList();
        NotFoundUnlessAll(names, keys.Select(k => k.KeyName), "InvalidKeyPair.NotFound", "key pair");
        NotFoundUnlessAll(ids, keys.Select(k => k.KeyPairId), "InvalidKeyPair.NotFound", "key pair");
        return XmlResult.Of(Items("keySet", keys.Select(k => new object[]
        {
            new XElement("keyPairId", k.KeyPairId),
            new XElement("keyFingerprint", FakeIds.Hex(k.KeyPairId, 40)),
            new XElement("keyName", k.KeyName),
            new XElement("keyType", "ed25519"),
            new XElement("createTime", Iso(k.CreateTime)),
        })));
    }

    private static FakeResult DescribeSecurityGroupRules(FakeRequest r)
    {
        var ids = r.ListParam("SecurityGroupRuleId");
        var rules = r.Account.SecurityGroups
            .Where(g => g.Region == r.Region)
            .SelectMany(g => g.Rules.Select(rule => (Group: g, Rule: rule)))
            .Where(p => ids.Count == 0 || ids.Contains(p.Rule.SecurityGroupRuleId))
            .Where(p => MatchesFilters(r, name => name == "group-id" ? p.Group.GroupId : null))
            .ToList();
        NotFoundUnlessAll(ids, rules.Select(p => p.Rule.SecurityGroupRuleId),
            "InvalidSecurityGroupRuleId.NotFound", "security group rule");
        return Paged(r, rules, "securityGroupRuleSet", p => new object[]
        {
            new XElement("securityGroupRuleId", p.Rule.SecurityGroupRuleId),
            new XElement("groupId", p.Group.GroupId),
            new XElement("groupOwnerId", r.Account.AccountId),
            new XElement("isEgress", Bool(p.Rule.IsEgress)),
            new XElement("ipProtocol", p.Rule.IpProtocol),
            new XElement("fromPort", p.Rule.FromPort),
            new XElement("toPort", p.Rule.ToPort),
            new XElement("cidrIpv4", p.Rule.CidrIpv4),
        });
    }

    private static FakeResult DescribeImageAttribute(FakeRequest r)
    {
        var image = FindImage(r, r.RequireParam("ImageId"));
        RequireAttribute(r, "launchPermission");
        return XmlResult.Of(new XElement("imageId", image.ImageId),
            Items("launchPermission", image.LaunchPermissions.Select(Permission)));
    }

    private static FakeResult DescribeSnapshotAttribute(FakeRequest r)
    {
        var snapshot = FindSnapshot(r, r.RequireParam("SnapshotId"));
        RequireAttribute(r, "createVolumePermission");
        return XmlResult.Of(new XElement("snapshotId", snapshot.SnapshotId),
            Items("createVolumePermission", snapshot.CreateVolumePermissions.Select(Permission)));
    }

    private static XElement Permission(string who) =>
        who == "all" ? new XElement("group", "all") : new XElement("userId", who);

    private static void RequireAttribute(FakeRequest r, string supported)
    {
        var attribute = r.RequireParam("Attribute");
        if (attribute != supported)
        {
            throw new AwsErrorException("InvalidParameterValue",
                $"Value ({attribute}) for parameter attribute is invalid. Only {supported} is served by the fake.");
        }
    }

    /// <summary>EC2 answers a whole request with NotFound when any id it names does not exist.</summary>
    private static void NotFoundUnlessAll(IReadOnlyList<string> asked, IEnumerable<string> found, string code,
        string what)
    {
        var missing = asked.Except(found, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new AwsErrorException(code, $"The {what} ID '{string.Join(", ", missing)}' does not exist");
        }
    }

    private static FakeResult Paged<T>(FakeRequest r, IReadOnlyList<T> items, string listName,
        Func<T, object[]> item)
    {
        var start = ParseToken(r.Param("NextToken"), "InvalidParameterValue");
        var max = Math.Clamp(r.IntParam("MaxResults") ?? 1000, 5, 1000);
        var page = items.Skip(start).Take(max).ToList();
        var content = new List<XElement> { Items(listName, page.Select(item)) };
        if (start + page.Count < items.Count)
        {
            content.Add(new XElement("nextToken", Token(start + page.Count)));
        }

        return new XmlResult(content);
    }
}
